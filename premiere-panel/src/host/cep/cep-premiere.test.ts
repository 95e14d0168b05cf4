import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { RATES } from '@cutaway/shared/timecode';
import { createExtendScriptNle, type EvalScript } from './cep-premiere';

/**
 * The ExtendScript host runs in a plain JS context over a recording fake of Premiere's ExtendScript DOM
 * (types-for-adobe Premiere/24.0 shapes): the panel side and the real jsx code meet through evalScript
 * strings exactly as in CEP.
 */
function fakeExtendScript() {
  const calls: Array<{ op: string; args: unknown[] }> = [];
  let nextId = 1;
  const mkItem = (name: string, type: number, mediaPath = ''): Record<string, unknown> => {
    const children: unknown[] & { numItems?: number } = [];
    Object.defineProperty(children, 'numItems', { get: () => children.length });
    const item: Record<string, unknown> = {
      nodeId: `n${nextId++}`, name, type, children,
      getMediaPath: () => mediaPath,
      createBin: (n: string) => (calls.push({ op: 'createBin', args: [n] }), pushChild(item, mkItem(n, 2))),
      setInPoint: (t: { ticks: string }, mt: number) => calls.push({ op: 'setInPoint', args: [t.ticks, mt] }),
      setOutPoint: (t: { ticks: string }, mt: number) => calls.push({ op: 'setOutPoint', args: [t.ticks, mt] }),
      attachProxy: (p: string, hi: number) => (calls.push({ op: 'attachProxy', args: [p, hi] }), true),
      getMarkers: () => markers('clip'),
    };
    return item;
  };
  const pushChild = (bin: Record<string, unknown>, child: Record<string, unknown>) => ((bin.children as unknown[]).push(child), child);
  const markers = (owner: string) => ({ createMarker: (s: number, n: string, d: number, c: string) => (calls.push({ op: 'createMarker', args: [owner, s, n, d, c] }), {}) });
  const root = mkItem('root', 3);
  class Time {
    ticks = '0';
    get seconds() {
      return Number(this.ticks) / 254016000000;
    }
  }
  const seq = {
    name: 'Seq', timebase: '8475667200', videoTracks: { numTracks: 3 }, audioTracks: { numTracks: 2 }, markers: markers('sequence'),
    getPlayerPosition: () => Object.assign(new Time(), { ticks: '84756672000' }),
    insertClip: (item: { name: string }, t: { ticks: string }, v: number, a: number) => calls.push({ op: 'insertClip', args: [item.name, t.ticks, v, a] }),
  };
  const app = {
    project: {
      rootItem: root, activeSequence: seq,
      importFiles: (paths: string[], suppress: boolean, bin: Record<string, unknown>) => {
        calls.push({ op: 'importFiles', args: [paths, suppress, bin.name] });
        if (!paths[0]!.includes('missing')) pushChild(bin, mkItem(paths[0]!.split('/').pop()!, 1, paths[0]!));
        return true; // like Premiere: true even when nothing was imported
      },
    },
  };
  const source = ts.transpileModule(readFileSync(resolve(import.meta.dirname, 'jsx/cutaway.ts'), 'utf8'), { compilerOptions: { target: ts.ScriptTarget.ES5 } }).outputText;
  const context: Record<string, unknown> = { app, Time, ProjectItemType: { CLIP: 1, BIN: 2, ROOT: 3, FILE: 4 } };
  runInNewContext(source, context);
  const evalScript: EvalScript = (script, cb) => cb(String(runInNewContext(script, context)));
  return { calls, evalScript };
}

describe('CEP build: ExtendScript host adapter behind the same NleHost interface', () => {
  it('imports into the Cutaway bin, finds the item by media path, sets in/out in ticks, inserts at the playhead', async () => {
    const { calls, evalScript } = fakeExtendScript();
    const nle = createExtendScriptNle(evalScript);
    const item = await nle.importFile('/cache/storm "night".mp4', { binName: 'Cutaway' });
    expect(item).toMatchObject({ name: 'storm "night".mp4', mediaPath: '/cache/storm "night".mp4' });
    await nle.setInOut(item, '254016000000', '508032000000');
    const seq = await nle.activeSequence();
    expect(seq).toMatchObject({ rate: RATES['29.97'], playheadTicks: '84756672000', videoTracks: 3 });
    expect(await nle.place(item, { mode: 'insert', videoTrack: 1, audioTrack: 0 })).toEqual({ atTicks: '84756672000' });
    await nle.addMarkers({ kind: 'sequence' }, [{ name: 'n', comments: 'c', startTicks: '254016000000', durationTicks: '127008000000' }]);
    expect(calls).toEqual([
      { op: 'createBin', args: ['Cutaway'] },
      { op: 'importFiles', args: [['/cache/storm "night".mp4'], true, 'Cutaway'] },
      { op: 'setInPoint', args: ['254016000000', 4] },
      { op: 'setOutPoint', args: ['508032000000', 4] },
      { op: 'insertClip', args: ['storm "night".mp4', '84756672000', 1, 0] },
      { op: 'createMarker', args: ['sequence', 1, 'n', 0.5, 'c'] },
    ]);
  });

  it('reports an import Premiere silently skipped', async () => {
    const nle = createExtendScriptNle(fakeExtendScript().evalScript);
    await expect(nle.importFile('/cache/missing.mp4', { binName: 'Cutaway' })).rejects.toThrow(/did not import/);
  });

  it('uses the CEP drag format with the native path', () => {
    expect(createExtendScriptNle(() => undefined).dragData({ nativePath: 'C:\\a.mp4', name: 'a.mp4', mime: 'video/mp4' })).toEqual([{ format: 'com.adobe.cep.dnd.file.0', data: 'C:\\a.mp4' }]);
  });
});
