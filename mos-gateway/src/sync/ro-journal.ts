import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeenKey } from '../session/inbound-dedup';

/**
 * Accepted running-order messages, appended BEFORE the roAck goes out (MOS 2.8.5 §3.5: an ACK
 * means the device has the message), so a crash between the ACK and the write to platform-api
 * loses nothing: on start the journal is replayed. It is compacted to one snapshot per running
 * order (as MOS XML, the codec's own format) when it grows, and at every start.
 */
export interface JournalEntry {
  ncsId: string;
  /** One MOS document (XML) as the codec writes it; empty on a line that only keeps a de-duplication key. */
  xml: string;
  /** The NRCS message's de-duplication key and the roID its roAck named (MOS 2.8.5 §4.1.6). */
  seen?: SeenKey & { roId: string };
}

export class RoJournal {
  private readonly file: string;
  private entries = 0;

  constructor(dir: string, private readonly maxEntries = 5000) {
    this.file = join(dir, 'ro-journal.jsonl');
  }

  read(): JournalEntry[] {
    if (!existsSync(this.file)) return [];
    const out: JournalEntry[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A torn last line from a crash mid-append: everything before it is intact.
      }
    }
    this.entries = out.length;
    return out;
  }

  append(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    this.entries += 1;
  }

  get needsCompaction(): boolean {
    return this.entries > this.maxEntries;
  }

  /** Replaces the journal atomically (write + rename) with the given snapshot entries. */
  rewrite(entries: readonly JournalEntry[]): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    renameSync(tmp, this.file);
    this.entries = entries.length;
  }
}
