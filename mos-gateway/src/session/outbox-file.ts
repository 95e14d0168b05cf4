import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MosMessage } from '../codec/index';
import type { Outbox, OutboxEntry } from './outbound-session';

/**
 * The durable outgoing queue of one NRCS port (MOS 2.8.5 §1.5 / mos.md §1.5: "unacked messages are
 * queued; the queue should survive restarts"). An append-only JSON-lines file: `{"a":id,"m":msg}` when
 * a message is queued, `{"d":id}` when it is answered (or given up). Appends are not fsynced: a
 * `kill -9` keeps what the kernel already has; only a power cut can lose the last lines. The file is
 * rewritten with the pending entries only when it has grown and is mostly settled.
 */
export class OutboxFile implements Outbox {
  private readonly file: string;
  private pending = new Map<number, MosMessage>();
  private lines = 0;

  constructor(dir: string, ncsId: string, port: 'lower' | 'upper', private readonly maxLines = 2000) {
    this.file = join(dir, `outbox-${ncsId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${port}.jsonl`);
  }

  load(): OutboxEntry[] {
    this.pending = new Map();
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const e = JSON.parse(line) as { a?: number; m?: MosMessage; d?: number };
          if (typeof e.a === 'number' && e.m) this.pending.set(e.a, e.m);
          else if (typeof e.d === 'number') this.pending.delete(e.d);
        } catch {
          // A torn last line from a crash mid-append: the message was never handed to the socket.
        }
      }
    }
    this.rewrite();
    return [...this.pending].map(([messageId, message]) => ({ messageId, message }));
  }

  added(messageId: number, message: MosMessage): void {
    this.pending.set(messageId, message);
    this.append({ a: messageId, m: message });
  }

  done(messageId: number): void {
    if (!this.pending.delete(messageId)) return;
    this.append({ d: messageId });
    if (this.lines > this.maxLines && this.pending.size < this.maxLines / 4) this.rewrite();
  }

  private append(entry: object): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    this.lines += 1;
  }

  /** Atomically (write aside + rename) keeps only what is still pending, in queue order. */
  private rewrite(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, [...this.pending].map(([a, m]) => `${JSON.stringify({ a, m })}\n`).join(''));
    renameSync(tmp, this.file);
    this.lines = this.pending.size;
  }
}
