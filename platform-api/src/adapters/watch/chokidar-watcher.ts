import { access, constants, mkdir, realpath, rename, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { watch } from 'chokidar';
import { AppError } from '@cutaway/shared';
import type { FolderWatcher, SettledFile } from '../../ports/folder-watcher';

/** Hidden files and the temp names of common copy tools are never media to ingest. */
const IGNORED = /(^|[/\\])(\.|~\$)|\.(part|crdownload|tmp|partial)$/i;

export class ChokidarFolderWatcher implements FolderWatcher {
  async watch(dir: string, options: { recursive: boolean; settleMs: number }, onFile: (file: SettledFile) => void) {
    const watcher = watch(dir, {
      ignored: (p: string) => p !== dir && IGNORED.test(basename(p)),
      depth: options.recursive ? 20 : 0,
      ignoreInitial: false,
      // chokidar polls the size until it is unchanged for stabilityThreshold: exactly "settled".
      awaitWriteFinish: { stabilityThreshold: options.settleMs, pollInterval: Math.min(500, Math.max(50, options.settleMs / 4)) },
    });
    const report = async (path: string) => {
      try {
        const s = await stat(path);
        if (s.isFile()) onFile({ path, sizeBytes: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // vanished between the event and the stat: nothing to ingest
      }
    };
    watcher.on('add', (p) => void report(p));
    watcher.on('change', (p) => void report(p));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    return { close: () => watcher.close() };
  }

  async checkDirectory(dir: string): Promise<string> {
    try {
      const real = await realpath(dir);
      if (!(await stat(real)).isDirectory()) throw new Error('not a directory');
      await access(real, constants.R_OK);
      return real;
    } catch (err) {
      throw new AppError('watch_folder.path_invalid', `Not a readable directory: ${dir}`, { path: dir }, { cause: err });
    }
  }

  async moveInto(path: string, destDir: string): Promise<string> {
    await mkdir(destDir, { recursive: true });
    const ext = extname(path);
    const stem = basename(path, ext);
    for (let n = 0; n < 1000; n++) {
      const target = join(destDir, n === 0 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
      try {
        await access(target);
      } catch {
        await rename(path, target);
        return target;
      }
    }
    throw new AppError('internal', `No free name in ${destDir} for ${basename(path)}`);
  }
}
