import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { decode } from '../src/codec/index';
import { encodeWire, MosFramer } from '../src/framing/framer';

/** Deterministic PRNG (mulberry32) so a failure names a seed that reproduces it. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['<', '>', '</mos>', '<mos>', '&', '&amp;', '&#0;', '<![CDATA[', ']]>', '"', '<story>', '</item>', '\u0000', '\ufeff', '\ud800', '<!--', '<?xml?>', '0x7fffffff', '-1', '99999999999999999999'];

function mutate(s: string, r: () => number): string {
  let out = s;
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * out.length);
    switch (Math.floor(r() * 6)) {
      case 0: out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 20)); break; // delete a run
      case 1: out = out.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)]! + out.slice(at); break; // insert a nasty token
      case 2: out = out.slice(0, at); break; // truncate
      case 3: out = out.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + out.slice(at + 1); break; // replace a char
      case 4: { const b = Math.floor(r() * out.length); out = out.slice(0, at) + out.slice(Math.min(at, b), Math.max(at, b)) + out.slice(at); break; } // duplicate a slice
      default: out = out.replace(/<(\w+)>/, (_m, t: string) => `<${t}X>`); // rename a tag
    }
  }
  return out;
}

describe('fuzz: 10,000 mutated real messages through framer and codec', () => {
  it('never crashes with anything but an AppError and never hangs', async () => {
    const dir = join(import.meta.dirname, 'fixtures');
    const seeds = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.xml')).sort().map((f) => readFile(join(dir, f), 'utf8')));
    const r = rng(20261206);
    const outcomes = { decoded: 0, rejected: 0, framed: 0, junk: 0, frameErrors: 0 };
    const framer = new MosFramer({ encoding: 'utf16be', maxBytes: 64 * 1024 });
    for (let i = 0; i < 10_000; i++) {
      const xml = mutate(seeds[i % seeds.length]!, r);
      try {
        decode(xml);
        outcomes.decoded += 1;
      } catch (err) {
        if (!isAppError(err)) throw new Error(`iteration ${i}: ${String(err)}\n${xml.slice(0, 500)}`, { cause: err });
        outcomes.rejected += 1;
      }
      // The same bytes as a stream, cut at a random (often odd) offset, into one long-lived framer.
      const wire = encodeWire(xml, r() < 0.9 ? 'utf16be' : 'utf8', r() < 0.3);
      const cut = Math.floor(r() * wire.length);
      for (const e of [...framer.push(wire.subarray(0, cut)), ...framer.push(wire.subarray(cut))]) {
        if (e.kind === 'junk') outcomes.junk += 1;
        else if (e.kind === 'error') outcomes.frameErrors += 1;
        else {
          outcomes.framed += 1;
          try {
            decode(e.xml);
          } catch (err) {
            if (!isAppError(err)) throw new Error(`iteration ${i} (framed): ${String(err)}`, { cause: err });
          }
        }
      }
    }
    // Both paths were really exercised: many mutants still parse, many are refused.
    expect(outcomes.decoded).toBeGreaterThan(500);
    expect(outcomes.rejected).toBeGreaterThan(500);
    expect(outcomes.framed).toBeGreaterThan(5000);
    // After the storm the framer still frames a clean message.
    const clean = '<mos><mosID>m</mosID><heartbeat/></mos>';
    const tail = framer.push(encodeWire(`</mos></mos>${clean}${clean}`, 'utf16be'));
    expect(tail.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? e.xml : '')).slice(-1)).toEqual([clean]);
    console.log('fuzz outcomes', outcomes);
  }, 120_000);
});
