import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { LiveRecorder, LiveSegment, RecorderRun, RecorderSpec, RunExit } from '../../ports/live-recorder';
import { liveInputArgs, liveVideoArgs, LIVE_AUDIO_ARGS } from './live-encode';
import { parsePlaylist } from './live-playlist';
import { toolReason } from './run';

const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
const runName = (run: number) => `run-${String(run).padStart(6, '0')}`;
/** Segments over which a run's wall-clock anchor may still improve. */
const ANCHOR_SEGMENTS = 5;
const segName = (seq: number) => `seg-${String(seq).padStart(6, '0')}.ts`;

/** Written beside each run's playlist: how the run's media time maps onto the wall clock, and who records it. */
interface RunMeta {
  /** Added to a segment's program-date-time to get the wall-clock time its first frame arrived. */
  correctionMs: number;
  pid: number | null;
}

interface ActiveRun {
  spec: RecorderSpec;
  dir: string;
  segments: LiveSegment[];
  meta: RunMeta | null;
}

/**
 * Rolling HLS buffer with ffmpeg: one process per run under `<root>/<channel>/run-NNNNNN/`, keyframes forced on the
 * segment grid so every segment starts cuttable, program-date-time on every segment (RFC 8216 §4.3.2.6).
 *
 * Wall-clock placement: ffmpeg stamps program-date-time when its muxer starts, which is after input probing
 * (seconds on some inputs). A segment is listed the moment it closes, i.e. when the first frame of the next one
 * arrives, so "time listed − duration" is when its first frame arrived; the first listing of a run fixes the
 * correction applied to every later program-date-time of that run.
 */
export class FfmpegLiveRecorder implements LiveRecorder {
  private readonly active = new Map<string, ActiveRun>();
  /** Parsed playlists of finished runs, keyed by run dir (they never change again). */
  private readonly finished = new Map<string, LiveSegment[]>();

  constructor(private readonly opts: { ffmpegPath: string; root: string; log: Logger; pollMs?: number }) {}

  async startRun(spec: RecorderSpec, onSegment: (segment: LiveSegment) => void): Promise<RecorderRun> {
    const channelDir = this.channelDir(spec.channelId);
    await this.reapStale(channelDir);
    const dir = join(channelDir, runName(spec.run));
    await mkdir(dir, { recursive: true });
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'warning',
      ...liveInputArgs(spec.inputUrl),
      '-map', '0:v:0', '-map', '0:a:0?',
      ...(spec.height ? ['-vf', `scale=-2:${spec.height}`] : []),
      // Constant frame rate: frame n is at n / rate, so a wall-clock offset maps to exactly one frame.
      '-fps_mode', 'cfr',
      ...liveVideoArgs(spec.videoBitrateKbps),
      '-force_key_frames', `expr:gte(t,n_forced*${spec.segmentSeconds})`, '-sc_threshold', '0',
      ...LIVE_AUDIO_ARGS,
      '-f', 'hls', '-hls_time', String(spec.segmentSeconds), '-hls_list_size', String(spec.listSize),
      '-hls_flags', 'program_date_time+delete_segments+independent_segments+temp_file',
      '-hls_segment_filename', join(dir, 'seg-%06d.ts'),
      join(dir, 'index.m3u8'),
    ];
    const child = spawn(this.opts.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    const run: ActiveRun = { spec, dir, segments: [], meta: null };
    this.active.set(spec.channelId, run);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      stderr = (stderr + c).slice(-8192);
    });
    const pidMeta = child.pid ?? null;
    await writeFile(join(dir, 'pid'), String(pidMeta ?? ''));

    let polling = false;
    const poll = async () => {
      if (polling) return;
      polling = true;
      try {
        for (const s of await this.pollRun(run, pidMeta)) onSegment(s);
      } catch (err) {
        this.opts.log.warn({ err, channelId: spec.channelId }, 'live playlist poll failed');
      } finally {
        polling = false;
      }
    };
    const timer = setInterval(() => void poll(), this.opts.pollMs ?? 100);
    const exited = new Promise<RunExit>((resolve) => {
      const done = (code: number | null, signal: string | null, extra = '') => {
        clearInterval(timer);
        // One last look: the segment ffmpeg closed on its way out.
        const finish = () => {
          if (this.active.get(spec.channelId) === run) this.active.delete(spec.channelId);
          this.finished.set(dir, run.segments);
          resolve({ code, signal, detail: extra || toolReason(stderr) });
        };
        const wait = polling ? new Promise((r) => setTimeout(r, 50)) : Promise.resolve();
        void wait.then(poll).then(finish, finish);
      };
      child.once('error', (e) => done(null, null, `ffmpeg could not start: ${e.message}`));
      child.once('close', (code, signal) => done(code, signal));
    });
    return {
      exited,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          // SIGTERM lets ffmpeg close the open segment and the playlist; a wedged input gets SIGKILL.
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
          const r = await exited;
          clearTimeout(killer);
          return r;
        }
        return exited;
      },
    };
  }

  async segments(channelId: string): Promise<LiveSegment[]> {
    const channelDir = this.channelDir(channelId);
    const active = this.active.get(channelId);
    const out: LiveSegment[] = [];
    for (const name of await listRuns(channelDir)) {
      const dir = join(channelDir, name);
      if (active && active.dir === dir) out.push(...active.segments);
      else out.push(...(await this.finishedRun(dir, Number(name.slice(4)))));
    }
    return out.sort((a, b) => a.startMs - b.startMs || a.run - b.run || a.seq - b.seq);
  }

  async lastRun(channelId: string): Promise<number> {
    const runs = await listRuns(this.channelDir(channelId));
    return runs.length ? Number(runs[runs.length - 1]!.slice(4)) : 0;
  }

  async prune(channelId: string, beforeMs: number): Promise<void> {
    const channelDir = this.channelDir(channelId);
    const active = this.active.get(channelId);
    for (const name of await listRuns(channelDir)) {
      const dir = join(channelDir, name);
      if (active?.dir === dir) continue;
      const segs = await this.finishedRun(dir, Number(name.slice(4)));
      const end = Math.max(0, ...segs.map((s) => s.startMs + s.durationMs));
      if (end < beforeMs) {
        await rm(dir, { recursive: true, force: true });
        this.finished.delete(dir);
      }
    }
  }

  async remove(channelId: string): Promise<void> {
    const channelDir = this.channelDir(channelId);
    await rm(channelDir, { recursive: true, force: true });
    for (const k of [...this.finished.keys()]) if (k.startsWith(channelDir)) this.finished.delete(k);
  }

  async readSegment(channelId: string, run: number, seq: number): Promise<Readable> {
    const path = join(this.channelDir(channelId), runName(run), segName(seq));
    const s = await stat(path).catch(() => null);
    if (!s) throw new AppError('storage.not_found', `Segment ${run}/${seq} is no longer in the buffer`, { run, seq });
    return createReadStream(path);
  }

  private channelDir(channelId: string): string {
    if (!SAFE_ID.test(channelId)) throw new AppError('storage.key_invalid', 'Invalid channel id', { channelId });
    return join(this.opts.root, channelId);
  }

  private async pollRun(run: ActiveRun, pid: number | null): Promise<LiveSegment[]> {
    const text = await readFile(join(run.dir, 'index.m3u8'), 'utf8').catch(() => null);
    if (text === null) return [];
    const lastSeq = run.segments.length ? run.segments[run.segments.length - 1]!.seq : -1;
    const fresh = parsePlaylist(text).entries.filter((e) => e.seq > lastSeq);
    if (!fresh.length) return [];
    const now = Date.now();
    // Lag (a busy CPU, a slow poll) only ever makes a listing late, so the smallest correction seen is the truest.
    // It may still improve over the first segments of a run; after that the run's clock is frozen.
    const newest = fresh[fresh.length - 1]!;
    const candidate = now - newest.durationMs - (newest.pdtMs ?? now - newest.durationMs);
    if (!run.meta || (run.segments.length + fresh.length <= ANCHOR_SEGMENTS && candidate < run.meta.correctionMs)) {
      const shift = run.meta ? candidate - run.meta.correctionMs : 0;
      run.meta = { correctionMs: candidate, pid };
      await writeFile(join(run.dir, 'run.json'), JSON.stringify(run.meta));
      run.segments = run.segments.map((s) => ({ ...s, startMs: s.startMs + shift }));
    }
    const made: LiveSegment[] = [];
    for (const e of fresh) {
      const file = join(run.dir, e.uri);
      const size = (await stat(file).catch(() => null))?.size ?? 0;
      made.push({ ...this.toSegment(run.spec.run, e, run.meta, file, size), settled: run.segments.length + made.length + 1 >= ANCHOR_SEGMENTS });
    }
    run.segments.push(...made);
    // Once the run's clock is frozen, every segment of it is placed for good.
    if (run.segments.length >= ANCHOR_SEGMENTS && !run.segments[0]!.settled) run.segments = run.segments.map((s) => ({ ...s, settled: true }));
    // ffmpeg deletes segments beyond the list size: forget them too.
    const keep = parsePlaylist(text).entries[0]?.seq ?? 0;
    run.segments = run.segments.filter((s) => s.seq >= keep);
    return made;
  }

  private toSegment(run: number, e: { seq: number; durationMs: number; pdtMs: number | null }, meta: RunMeta, ref: string, sizeBytes: number): LiveSegment {
    return { run, seq: e.seq, startMs: (e.pdtMs ?? 0) + meta.correctionMs, durationMs: e.durationMs, sizeBytes, ref, settled: true };
  }

  private async finishedRun(dir: string, run: number): Promise<LiveSegment[]> {
    const cached = this.finished.get(dir);
    if (cached) return cached;
    const [text, metaText] = await Promise.all([
      readFile(join(dir, 'index.m3u8'), 'utf8').catch(() => null),
      readFile(join(dir, 'run.json'), 'utf8').catch(() => null),
    ]);
    // A run that never produced a segment (no input arrived) has no meta: nothing to place.
    if (text === null || metaText === null) return [];
    const meta = JSON.parse(metaText) as RunMeta;
    const segs: LiveSegment[] = [];
    for (const e of parsePlaylist(text).entries) {
      const file = join(dir, e.uri);
      const s = await stat(file).catch(() => null);
      if (s) segs.push(this.toSegment(run, e, meta, file, s.size));
    }
    this.finished.set(dir, segs);
    return segs;
  }

  /**
   * A recorder left behind by a process that was killed (-9) still holds the input port. Only a process whose
   * command line names that run's own directory is stopped (Linux /proc; elsewhere it is left alone).
   */
  private async reapStale(channelDir: string): Promise<void> {
    for (const name of await listRuns(channelDir)) {
      const dir = join(channelDir, name);
      if ([...this.active.values()].some((a) => a.dir === dir)) continue;
      const pid = Number((await readFile(join(dir, 'pid'), 'utf8').catch(() => '')).trim());
      if (!pid) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (!cmdline.includes(dir)) continue;
      this.opts.log.warn({ pid, dir }, 'stopping a recorder left behind by an earlier process');
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')); i++) await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function listRuns(channelDir: string): Promise<string[]> {
  const names = await readdir(channelDir).catch(() => [] as string[]);
  return names.filter((n) => /^run-\d{6}$/.test(n)).sort();
}
