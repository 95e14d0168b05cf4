import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, msToFrames, type Rate } from '@cutaway/shared';
import type { LiveCutter, LiveSegment, PreparedHead } from '../../ports/live-recorder';
import { liveVideoArgs } from './live-encode';
import { EDGE_SPEED, framesIn, quoted } from './live-edges';
import { FfmpegExactSession } from './live-exact-session';
import { FfmpegInstantSession } from './live-instant-session';
import { parseRational } from './rate';
import { runTool } from './run';

/** Consecutive segments of one recorder run, in order (a restart begins a new run with new timestamps). */
export function runsOf(segments: readonly LiveSegment[]): LiveSegment[][] {
  const runs: LiveSegment[][] = [];
  for (const s of segments) {
    const current = runs[runs.length - 1];
    const prev = current?.[current.length - 1];
    if (current && prev && prev.run === s.run && prev.seq + 1 === s.seq) current.push(s);
    else runs.push([s]);
  }
  return runs;
}

/**
 * Clips from buffer segments (media-pipeline.md, live section). Instant: the segments' bytes joined with the
 * `concatf` protocol (one continuous MPEG-TS, original timestamps, no argument-length limit) and stream-copied.
 * Exact: head and tail segments re-encoded from/to the exact frame, the middle copied, joined with the concat
 * demuxer (explicit durations, so the audio's longer tail in each segment does not stretch the video), and the
 * audio stream-copied from the continuous segments and trimmed to the same span — no AAC priming at the joins.
 */
export class FfmpegLiveCutter implements LiveCutter {
  constructor(private readonly opts: { ffmpegPath: string; ffprobePath: string }) {}

  async probeRate(segment: LiveSegment): Promise<Rate | null> {
    const { stdout } = await runTool(this.opts.ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', segment.ref], {
      failCode: 'media.probe_failed', hidePaths: [segment.ref],
    });
    // MPEG-TS lists the stream once per program too: the first line is enough.
    return parseRational(stdout.trim().split(/\s+/)[0]);
  }

  async instant(segments: readonly LiveSegment[], outPath: string): Promise<void> {
    if (!segments.length) throw new AppError('live.out_of_buffer', 'No recorded segments in the range');
    const list = join(dirname(outPath), 'instant.list');
    await writeFile(list, segments.map((s) => s.ref).join('\n'));
    // As in the exact pass: the index reserved up front instead of a +faststart second pass (rate unknown here: 60 fps).
    const seconds = segments.reduce((n, s) => n + s.durationMs, 0) / 1000;
    const moovBytes = 65_536 + 24 * Math.ceil(seconds * (60 + 48_000 / 1024));
    const mux = (layout: string[]) =>
      runTool(this.opts.ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', `concatf:${list}`, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', ...layout, outPath]);
    await mux(['-moov_size', String(moovBytes)]).catch(() => mux(['-movflags', '+faststart']));
  }

  openInstant(expectedMs: number, outPath: string): FfmpegInstantSession {
    return new FfmpegInstantSession(this.opts, expectedMs, outPath);
  }

  openExact(input: { head: PreparedHead; headSegment: LiveSegment; rate: Rate; encode: { videoBitrateKbps: number }; expectedMs: number }, outPath: string): Promise<FfmpegExactSession> {
    return FfmpegExactSession.open(this.opts, input, outPath);
  }

  async head(input: { segment: LiveSegment; inOffsetMs: number; rate: Rate; encode: { videoBitrateKbps: number } }, outPath: string): Promise<PreparedHead> {
    const total = framesIn(input.segment, input.rate);
    const inFrame = Math.min(msToFrames(input.inOffsetMs, input.rate, 'floor'), total - 1);
    await runTool(this.opts.ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', input.segment.ref,
      '-map', '0:v:0', '-vf', `trim=start_frame=${inFrame},setpts=PTS-STARTPTS`, '-fps_mode', 'passthrough', ...liveVideoArgs(input.encode.videoBitrateKbps), ...EDGE_SPEED, '-f', 'mpegts', outPath,
    ]);
    return { path: outPath, segmentRef: input.segment.ref, inFrame, frames: total - inFrame };
  }

  async exact(input: { segments: readonly LiveSegment[]; inOffsetMs: number; outOffsetMs: number; rate: Rate | null; encode: { videoBitrateKbps: number }; head?: PreparedHead }, outPath: string) {
    const { segments } = input;
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!first || !last) throw new AppError('live.out_of_buffer', 'No recorded segments in the range');
    // The channel knows its rate; probing costs a process start on the critical path.
    const rate = input.rate ?? (await this.probeRate(first));
    if (!rate) throw new AppError('media.probe_failed', 'The live buffer has no video stream');
    const dir = dirname(outPath);
    const framesOf = (s: LiveSegment) => framesIn(s, rate);
    const inFrame = Math.min(msToFrames(input.inOffsetMs, rate, 'floor'), framesOf(first) - 1);
    const outFrame = Math.min(msToFrames(input.outOffsetMs, rate, 'floor'), framesOf(last) - 1);
    const single = segments.length === 1;
    if (single && outFrame < inFrame) throw new AppError('live.range_invalid', 'The out-point is before the in-point');

    // A head made ahead of time for this very segment and in-frame leaves only the tail on the critical path.
    const prepared = !single && input.head && input.head.segmentRef === first.ref && input.head.inFrame === inFrame ? input.head : null;
    const head = prepared?.path ?? join(dir, 'head.ts');
    const tail = join(dir, 'tail.ts');
    const headFrames = single ? outFrame - inFrame + 1 : framesOf(first) - inFrame;
    const tailFrames = single ? 0 : outFrame + 1;
    const middle = segments.slice(1, -1);
    const frames = headFrames + middle.reduce((n, s) => n + framesOf(s), 0) + tailFrames;
    const seconds = (n: number) => ((n * rate.den) / rate.num).toFixed(6);

    const audioList = join(dir, 'audio.list');
    const audio = join(dir, 'audio.m4a');
    await writeFile(audioList, segments.map((s) => s.ref).join('\n'));
    // One process for the three edge jobs (a process start is a large share of the turnaround on a busy host):
    // head GOP, tail GOP, and the audio of the whole span stream-copied and trimmed (per-output -ss/-t).
    const video = (index: number, trim: string, out: string) => [
      '-map', `${index}:v:0`, '-vf', `trim=${trim},setpts=PTS-STARTPTS`, '-fps_mode', 'passthrough', ...liveVideoArgs(input.encode.videoBitrateKbps), ...EDGE_SPEED, '-f', 'mpegts', out,
    ];
    const inputs = prepared ? ['-i', last.ref] : ['-i', first.ref, ...(single ? [] : ['-i', last.ref])];
    const audioInput = prepared ? 1 : single ? 1 : 2;
    const args = (withAudio: boolean) => [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...inputs, ...(withAudio ? ['-i', `concatf:${audioList}`] : []),
      ...(prepared ? [] : video(0, single ? `start_frame=${inFrame}:end_frame=${outFrame + 1}` : `start_frame=${inFrame}`, head)),
      ...(single ? [] : video(prepared ? 0 : 1, `end_frame=${outFrame + 1}`, tail)),
      ...(withAudio ? ['-map', `${audioInput}:a:0`, '-ss', seconds(inFrame), '-t', seconds(frames), '-c', 'copy', audio] : []),
    ];
    let hasAudio = true;
    await runTool(this.opts.ffmpegPath, args(true)).catch(async (err: unknown) => {
      // A source without audio is fine; any other failure is not.
      if (!(err instanceof AppError && /matches no streams/i.test(String((err.details as { stderr?: string } | undefined)?.stderr ?? err.message)))) throw err;
      hasAudio = false;
      await runTool(this.opts.ffmpegPath, args(false));
    });

    const videoList = join(dir, 'video.list');
    // The copied middle enters the concat demuxer as one `concatf` input per recorder run: the demuxer opens and
    // probes every entry, which at 300 segments (a 10 min clip) cost more than the whole edge encode. Within a run
    // the segments' timestamps are continuous; a new run restarts them, so each run stays its own entry.
    const middleEntries: string[] = [];
    for (const [index, run] of runsOf(middle).entries()) {
      const list = join(dir, `middle-${index}.list`);
      await writeFile(list, run.map((s) => s.ref).join('\n'));
      middleEntries.push(`file ${quoted(`concatf:${list}`)}\nduration ${seconds(run.reduce((n, s) => n + framesOf(s), 0))}`);
    }
    const entries = [
      `file ${quoted(head)}\nduration ${seconds(headFrames)}`,
      ...middleEntries,
      ...(single ? [] : [`file ${quoted(tail)}\nduration ${seconds(tailFrames)}`]),
    ];
    await writeFile(videoList, `ffconcat version 1.0\n${entries.join('\n')}\n`);
    // moov first without the +faststart second pass over the whole file (a cost that grows with the clip): the index
    // space is reserved up front (mov muxer `moov_size`), about 10 bytes per sample measured, reserved at 24 per
    // sample (video frames, AAC frames at up to 48 kHz) plus 64 KiB. Too small after all: once more with +faststart.
    const moovBytes = 65_536 + 24 * (frames + Math.ceil((Number(seconds(frames)) * 48_000) / 1024));
    const mux = (layout: string[]) => runTool(this.opts.ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,concatf', '-i', videoList,
      ...(hasAudio ? ['-i', audio] : []), '-map', '0:v:0', ...(hasAudio ? ['-map', '1:a:0'] : []), '-c', 'copy', ...layout, outPath,
    ]);
    await mux(['-moov_size', String(moovBytes)]).catch(() => mux(['-movflags', '+faststart']));
    return { frames, rate };
  }
}
