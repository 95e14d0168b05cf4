import { describe, expect, it } from 'vitest';
import { isAppError, type Asset } from '@cutaway/shared';
import { makeAsset } from '../../test/contract/asset-store.contract';
import { buildOpenApi } from '../http/openapi';
import { framePosition } from './frame-service';

const technical = (over: Partial<NonNullable<Asset['technical']>>): Asset['technical'] => ({
  container: 'mp4', durationMs: 10_000, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: null, width: 1920, height: 1080,
  videoCodec: 'h264', audioCodec: null, audioChannels: null, sampleRate: null, bitRate: null, ...over,
});
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'returned';
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
};

describe('framePosition: which frame a request means', () => {
  it('floors ms to the frame on screen and labels it in the asset rate; the last frame ends the range', () => {
    const a = makeAsset({ technical: technical({}) });
    expect(framePosition(a, { ms: 79 })).toEqual({ frame: 1, ms: 40, timecode: '00:00:00:01' });
    expect(framePosition(a, { ms: 9_999 })).toMatchObject({ frame: 249 });
    expect(code(() => framePosition(a, { ms: 10_000 }))).toBe('frame.out_of_range');
    expect(framePosition(a, { tc: '00:00:02:05' })).toMatchObject({ frame: 55, ms: 2200 });
  });

  it('reads drop-frame labels at 29.97 and rejects the labels drop-frame skips', () => {
    const a = makeAsset({ technical: technical({ rate: { num: 30000, den: 1001 }, dropFrame: true, durationMs: 120_000 }) });
    expect(framePosition(a, { tc: '00:01:00;02' })).toEqual({ frame: 1800, ms: 60_060, timecode: '00:01:00;02' });
    expect(framePosition(a, { ms: 60_060 }).frame).toBe(1800);
    expect(code(() => framePosition(a, { tc: '00:01:00;00' }))).toBe('timecode.invalid');
  });

  it('a still has only frame 0; audio and documents have no picture', () => {
    expect(framePosition(makeAsset({ type: 'image', technical: technical({ rate: null, durationMs: null }) }), {})).toEqual({ frame: 0, ms: 0, timecode: null });
    expect(code(() => framePosition(makeAsset({ type: 'image' }), { ms: 40 }))).toBe('frame.out_of_range');
    expect(code(() => framePosition(makeAsset({ type: 'audio', technical: technical({ rate: null }) }), { ms: 0 }))).toBe('frame.no_picture');
    expect(code(() => framePosition(makeAsset({ type: 'document' }), {}))).toBe('frame.no_picture');
  });

  it('the OpenAPI document lists the frame and version routes with their parameters', () => {
    const doc = buildOpenApi('test') as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }>; requestBody?: unknown }>> };
    expect(doc.paths['/assets/{id}/frame']?.get?.parameters?.map((p) => p.name)).toEqual(['id', 'ms', 'tc', 'width', 'format']);
    expect(doc.paths['/assets/{id}/versions']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/assets/{id}/versions']?.get).toBeDefined();
  });
});
