import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { parseSof } from '../../src/adapters/ffmpeg/jpeg';
import { toProbeResult, type FfprobeJson } from '../../src/adapters/ffmpeg/probe-map';
import { percentReporter, ProgressParser, type ProgressBlock } from '../../src/adapters/ffmpeg/progress';
import { framesWithin, streamRate } from '../../src/adapters/ffmpeg/rate';
import { hidePaths, toolReason } from '../../src/adapters/ffmpeg/run';
import { pickThumbnails, toShots } from '../../src/adapters/ffmpeg/shots';
import { planVideo } from '../../src/adapters/ffmpeg/video-graph';
import type { ProbeResult } from '../../src/ports/media-tools';

/** The pure parts of the ffmpeg adapter: no processes. */
describe('rates', () => {
  it('keeps exact rationals and snaps measured averages', () => {
    expect(streamRate('30000/1001', '30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(streamRate('30000/1001', '359640/12001')).toEqual({ num: 30000, den: 1001 }); // short last frame
    expect(streamRate('50/1', '25/1')).toEqual({ num: 25, den: 1 }); // field-coded 25i
    expect(streamRate('90000/1', '2997/100')).toEqual({ num: 30000, den: 1001 }); // VFR phone clip
    expect(streamRate('25/2', '25/2')).toEqual({ num: 25, den: 2 });
    expect(streamRate('0/0', '0/0')).toBeNull();
  });

  it('fits a GOP inside 2 s', () => {
    expect(framesWithin(2, { num: 25, den: 1 })).toBe(50);
    expect(framesWithin(2, { num: 30000, den: 1001 })).toBe(59);
    expect(framesWithin(2, { num: 60000, den: 1001 })).toBe(119);
  });
});

describe('ffprobe JSON → ProbeResult', () => {
  const format = { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.345678', bit_rate: '800000', tags: { major_brand: 'isom' } };
  it('treats cover art as audio and an MP3 as audio', () => {
    const json: FfprobeJson = {
      format: { format_name: 'mp3', duration: '3.0' },
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'mp3', channels: 2, sample_rate: '44100' },
        { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } },
      ],
    };
    expect(toProbeResult(json)).toMatchObject({ type: 'audio', hasVideo: false, hasAudio: true, technical: { durationMs: 3000, container: 'mp3', width: null } });
  });

  it('tells stills from motion JPEG', () => {
    const still: FfprobeJson = { format: { format_name: 'image2' }, streams: [{ index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 4000, height: 3000 }] };
    expect(toProbeResult(still)).toMatchObject({ type: 'image', technical: { container: 'jpeg', durationMs: null, rate: null } });
    const mjpegAvi: FfprobeJson = {
      format: { format_name: 'avi', duration: '10' },
      streams: [{ index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 640, height: 480, nb_frames: '250', duration: '10', r_frame_rate: '25/1', avg_frame_rate: '25/1' }],
    };
    expect(toProbeResult(mjpegAvi).type).toBe('video');
  });

  it('reports the displayed size of rotated phone footage, QuickTime as mov, timecode from tmcd', () => {
    const json: FfprobeJson = {
      format: { ...format, tags: { major_brand: 'qt  ' } },
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, r_frame_rate: '30000/1001', avg_frame_rate: '30000/1001', side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] },
        { index: 1, codec_type: 'data', codec_name: 'none', tags: { timecode: '01:00:00;02' } },
      ],
    };
    expect(toProbeResult(json).technical).toMatchObject({ container: 'mov', width: 1080, height: 1920, durationMs: 12346, dropFrame: true, startTimecode: '01:00:00;02', bitRate: 800000 });
  });

  it('fails without audio or video', () => {
    let err: unknown;
    try {
      toProbeResult({ format, streams: [{ index: 0, codec_type: 'subtitle' }] });
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'media.probe_failed')).toBe(true);
  });
});

describe('tool output', () => {
  it('parses -progress blocks split across chunks', () => {
    const blocks: ProgressBlock[] = [];
    const p = new ProgressParser((b) => blocks.push(b));
    p.push('frame=10\nout_time_us=N/A\nprogr');
    p.push('ess=continue\nframe=20\nout_time_us=800000\nprogress=end\n');
    expect(blocks).toEqual([{ frame: 10, outTimeUs: null, end: false }, { frame: 20, outTimeUs: 800000, end: true }]);
  });

  it('reports percent monotonically, capped at 99, by frames when known', () => {
    const seen: number[] = [];
    const r = percentReporter(200, 8_000_000, (p) => seen.push(p));
    for (const frame of [0, 50, 40, 100, 200, 200]) r({ frame, outTimeUs: 20_000_000, end: false });
    expect(seen).toEqual([25, 50, 99]);
  });

  it('extracts the reason and hides storage paths', () => {
    const stderr = '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55c6af37e180] moov atom not found\nfile:/data/originals/ab/x.mp4: Invalid data found when processing input\n';
    expect(toolReason(hidePaths(stderr, ['/data/originals/ab/x.mp4']))).toBe('moov atom not found; Invalid data found when processing input');
  });

  it('reads JPEG sizes from the SOF marker', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x5a, 0x00, 0xa0, 0x03, 0, 0, 0, 0, 0, 0]);
    expect(parseSof(jpeg)).toEqual({ width: 160, height: 90 });
    expect(parseSof(Buffer.from('not a jpeg'))).toBeNull();
  });
});

describe('shots and thumbnails', () => {
  it('keeps shot starts over periodic picks, never two within a second', () => {
    const c = [{ ms: 0, score: 0 }, { ms: 3200, score: 0.8 }, { ms: 7200, score: 0.01 }, { ms: 7480, score: 0.7 }, { ms: 7520, score: 0.9 }, { ms: 11_480, score: 0 }];
    expect(pickThumbnails(c, 0.3, 1000)).toEqual([0, 1, 3, 5]);
  });

  it('cuts [0, c1) … [cN, duration) and gives each shot its first thumbnail', () => {
    const thumbs = [0, 3200, 7480, 11_480].map((atMs) => ({ atMs, path: `${atMs}.jpg` }));
    expect(toShots([7480, 3200, 7500], 16_000, thumbs)).toEqual([
      { startMs: 0, endMs: 3200, keyframeMs: 0 },
      { startMs: 3200, endMs: 7480, keyframeMs: 3200 },
      { startMs: 7480, endMs: 7500, keyframeMs: 7480 },
      { startMs: 7500, endMs: 16_000, keyframeMs: 11_480 },
    ]);
  });
});

describe('the one-decode plan', () => {
  const probe = (durationMs: number, rate = { num: 25, den: 1 }): ProbeResult => ({
    type: 'video', hasVideo: true, hasAudio: true,
    technical: { container: 'mp4', durationMs, rate, dropFrame: false, startTimecode: null, width: 1920, height: 1080, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, sampleRate: 48000, bitRate: null },
  });

  it('sizes the sprite grid to the duration and grows the interval past 30 min', () => {
    expect(planVideo('file:/x.mp4', probe(61_000)).sprite).toEqual({ columns: 10, rows: 7, intervalMs: 1000 });
    expect(planVideo('file:/x.mp4', probe(3 * 3600_000)).sprite).toEqual({ columns: 10, rows: 180, intervalMs: 6000 });
  });

  it('uses one input, a 2 s GOP at the source rate, and never a shell', () => {
    const plan = planVideo('file:/media/a b;rm -rf.mp4', probe(10_010, { num: 30000, den: 1001 }), 2);
    expect(plan.args.filter((a) => a === '-i')).toHaveLength(1);
    expect(plan.args).toContain('file:/media/a b;rm -rf.mp4');
    expect(plan.args.slice(plan.args.indexOf('-g'), plan.args.indexOf('-g') + 4)).toEqual(['-g', '59', '-keyint_min', '59']);
    expect(plan.totalFrames).toBe(300);
  });
});
