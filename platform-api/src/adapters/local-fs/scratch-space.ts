import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScratchSpace } from '../../ports/scratch-space';

/** Scratch folders under `<data dir>/tmp`, on the same disk as storage so finished files move by rename. */
export class LocalScratchSpace implements ScratchSpace {
  constructor(private readonly root: string) {}

  async create(prefix: string): Promise<{ dir: string; dispose: () => Promise<void> }> {
    await mkdir(this.root, { recursive: true });
    const dir = await mkdtemp(join(this.root, `${prefix.replace(/[^a-z0-9-]/gi, '')}-`));
    return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
  }

  /** Leftovers of a crashed process are garbage: nothing in tmp is ever the only copy of accepted work. */
  async sweep(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
    await mkdir(this.root, { recursive: true });
  }
}
