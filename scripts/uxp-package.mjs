#!/usr/bin/env node
// Packs a built UXP plugin folder into a .ccx: a plain ZIP with manifest.json at its root, no signature
// (PPRO-DOCS plugins/distribution/package). Reused by premiere-panel and photoshop-plugin builds.
//   node scripts/uxp-package.mjs <plugin dir> <out.ccx>
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Files under dir, sorted, with forward-slash names; dot-files such as .DS_Store are left out. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.map((p) => ({ path: p, name: relative(dir, p).split(sep).join('/') }));
}

/** A ZIP (PKWARE APPNOTE 6.3: local headers, central directory, end record), deflate or store per file. */
export function zipFiles(entries) {
  const chunks = [];
  const central = [];
  let offset = 0;
  // A fixed timestamp (1980-01-01) keeps the archive byte-identical across builds of the same files.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, nameBytes, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(useDeflate ? 8 : 0, 10);
    cd.writeUInt16LE(dosTime, 12);
    cd.writeUInt16LE(dosDate, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBytes.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** Zips a built plugin folder into a .ccx after checking its manifest is there and parses. */
export function packageUxp(pluginDir, outFile) {
  const dir = resolve(pluginDir);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  if (!manifest.id || !manifest.version || !manifest.host) throw new Error(`${dir}/manifest.json lacks id, version or host`);
  const entries = listFiles(dir).map(({ path, name }) => ({ name, data: readFileSync(path) }));
  mkdirSync(dirname(resolve(outFile)), { recursive: true });
  writeFileSync(outFile, zipFiles(entries));
  return { outFile: resolve(outFile), files: entries.length, id: manifest.id, version: manifest.version };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: node scripts/uxp-package.mjs <plugin dir> <out.ccx>');
    process.exit(2);
  }
  const r = packageUxp(dir, out);
  console.log(`packed ${r.files} files of ${r.id} ${r.version} into ${r.outFile}`);
}
