import { appendFileSync, closeSync, existsSync, fdatasync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MosMessage } from '../codec/index';
import type { Outbox, OutboxEntry } from './outbound-session';

export interface OutboxStats {
  /** fdatasync calls; one per burst of appends (group commit), not one per message. */
  syncs: number;
  appended: number;
  /** Unreadable lines dropped on replay (a torn last line after a crash or power cut). */
  tornLines: number;
  rewrites: number;
}

/**
 * The durable outgoing queue of one NRCS port (MOS 2.8.5 §1.5 / mos.md §1.5: "unacked messages are
 * queued; the queue should survive restarts"). An append-only JSON-lines file: `{"a":id,"m":msg}` when
 * a message is queued, `{"d":id}` when it is answered, given up or superseded.
 *
 * Durability: `added` resolves only after the line is on disk (fdatasync), and the session sends nothing
 * before that, so what the gateway accepted survives a power cut, not only a kill -9. Appends made while a
 * sync runs are written and synced together by the next one (group commit): a burst of N messages costs one
 * or two syncs, not N. `{"d"}` lines are not synced on their own — losing one only means a resend under the
 * same messageID, which the peer recognises (MOS 2.8.5 §4.1.6) — they ride on the next sync.
 *
 * Size: the file is rewritten (temp file, fdatasync, rename, directory fsync) with the pending entries only,
 * at every load and whenever it holds more than max(maxLines, 2 × pending) lines, so it stays within a small
 * multiple of what is really pending; coalescing (coalesce.ts) keeps "pending" bounded while an NRCS is down.
 */
export class OutboxFile implements Outbox {
  private readonly file: string;
  private fd: number | null = null;
  private pending = new Map<number, MosMessage>();
  private lines = 0;
  private buf: string[] = [];
  private waiters: Array<{ ok: () => void; fail: (err: Error) => void }> = [];
  private scheduled = false;
  private syncing = false;
  readonly stats: OutboxStats = { syncs: 0, appended: 0, tornLines: 0, rewrites: 0 };

  constructor(dir: string, ncsId: string, port: 'lower' | 'upper', private readonly o: { maxLines?: number; sync?: boolean } = {}) {
    this.file = join(dir, `outbox-${ncsId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${port}.jsonl`);
  }

  get path(): string {
    return this.file;
  }

  load(): OutboxEntry[] {
    this.pending = new Map();
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const e = JSON.parse(line) as { a?: number; m?: MosMessage; d?: number };
          if (typeof e.a === 'number' && e.m && typeof e.m.type === 'string') this.pending.set(e.a, e.m);
          else if (typeof e.d === 'number') this.pending.delete(e.d);
          else this.stats.tornLines += 1;
        } catch {
          // A torn last line (crash or power cut mid-append): its `added` never resolved, so that message was
          // never sent nor reported queued. Dropped; the rewrite below leaves a clean file to append to.
          this.stats.tornLines += 1;
        }
      }
    }
    this.rewrite();
    return [...this.pending].map(([messageId, message]) => ({ messageId, message }));
  }

  added(messageId: number, message: MosMessage): Promise<void> {
    this.pending.set(messageId, message);
    this.stats.appended += 1;
    return new Promise((ok, fail) => {
      this.waiters.push({ ok, fail });
      this.push({ a: messageId, m: message });
    });
  }

  done(messageId: number): void {
    if (!this.pending.delete(messageId)) return;
    this.push({ d: messageId });
  }

  revise(messageId: number, message: MosMessage): void {
    if (this.pending.has(messageId)) this.pending.set(messageId, message);
  }

  /** Rewrites the file with what is pending (after the session coalesced what it restored). */
  compact(): void {
    if (this.syncing) return;
    this.buf = [];
    this.rewrite();
    for (const w of this.waiters.splice(0)) w.ok();
  }

  /** Writes and syncs what is buffered, synchronously (shutdown). */
  close(): void {
    if (this.fd === null) return;
    if (this.buf.length) {
      appendFileSync(this.fd, this.buf.join(''));
      this.buf = [];
    }
    if (this.o.sync !== false) fdatasyncSync(this.fd);
    for (const w of this.waiters.splice(0)) w.ok();
    // A sync still running in the thread pool keeps the descriptor; it is closed when the process ends.
    if (!this.syncing) closeSync(this.fd);
    this.fd = null;
  }

  private push(entry: object): void {
    this.buf.push(`${JSON.stringify(entry)}\n`);
    if (this.scheduled) return;
    this.scheduled = true;
    // After the current tick: everything queued in this burst goes into one write and one sync.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.syncing || (!this.buf.length && !this.waiters.length)) return; // the running sync re-flushes when done
    const lines = this.buf;
    const waiters = this.waiters;
    this.buf = [];
    this.waiters = [];
    if (this.lines + lines.length > Math.max(this.o.maxLines ?? 2000, this.pending.size * 2)) {
      // Mostly settled lines: write only what is pending (synced inside rewrite) instead of appending.
      this.rewrite();
      for (const w of waiters) w.ok();
      return;
    }
    let fd: number;
    try {
      fd = this.open();
      appendFileSync(fd, lines.join(''));
    } catch (err) {
      for (const w of waiters) w.fail(err as Error);
      return;
    }
    this.lines += lines.length;
    if (!waiters.length) return;
    if (this.o.sync === false) {
      for (const w of waiters) w.ok();
      return;
    }
    this.syncing = true;
    fdatasync(fd, (err) => {
      this.syncing = false;
      this.stats.syncs += 1;
      for (const w of waiters) {
        if (err) w.fail(err);
        else w.ok();
      }
      if (this.fd === null) closeSync(fd);
      else if (this.buf.length || this.waiters.length) this.flush();
    });
  }

  private open(): number {
    this.fd ??= openSync(this.file, 'a');
    return this.fd;
  }

  /** Atomically (write aside, sync, rename, sync the directory) keeps only what is still pending, in queue order. */
  private rewrite(): void {
    if (this.fd !== null && !this.syncing) closeSync(this.fd);
    this.fd = null;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, [...this.pending].map(([a, m]) => `${JSON.stringify({ a, m })}\n`).join(''));
    if (this.o.sync !== false) {
      const t = openSync(tmp, 'r+');
      fdatasyncSync(t);
      closeSync(t);
    }
    renameSync(tmp, this.file);
    if (this.o.sync !== false) {
      // The rename itself must survive a power cut (POSIX: sync the directory entry).
      const d = openSync(dirname(this.file), 'r');
      fsyncSync(d);
      closeSync(d);
    }
    this.lines = this.pending.size;
    this.stats.rewrites += 1;
  }
}
