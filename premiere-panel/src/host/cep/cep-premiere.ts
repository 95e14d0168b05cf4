import { AppError } from '@cutaway/shared/errors';
import { TICKS_PER_SECOND, normalizeRate } from '@cutaway/shared/timecode';
import { createWebStorageSettings, type Host, type MediaFiles, type NleHost, type NleItemRef, type StorageLike } from '@cutaway/shared/ui/host';

/** CSInterface.evalScript's shape: the script runs in Premiere's ExtendScript engine; only a string comes back. */
export type EvalScript = (script: string, callback: (result: string) => void) => void;

/** Calls `cutaway.<fn>(<json>)` from jsx/cutaway.ts and unwraps its {ok}|{error} JSON reply. */
export function extendScriptCaller(evalScript: EvalScript) {
  return <T>(fn: string, arg: unknown = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      // JSON is a subset of ExtendScript literals, so the argument travels as code, not as a string to parse.
      evalScript(`cutaway.${fn}(${JSON.stringify(arg)})`, (raw) => {
        let reply: { ok?: T; error?: string };
        try {
          reply = JSON.parse(raw) as { ok?: T; error?: string };
        } catch {
          // "EvalScript error." is what CEP returns when the script itself threw or is not loaded.
          return reject(new AppError('internal', `ExtendScript ${fn} failed: ${raw}`));
        }
        if (reply.error !== undefined) reject(new AppError('media.process_failed', reply.error));
        else resolve(reply.ok as T);
      });
    });
}

/** NleHost over ExtendScript (Premiere 14–25 via CEP), the same interface as the UXP adapter. */
export function createExtendScriptNle(evalScript: EvalScript): NleHost {
  const call = extendScriptCaller(evalScript);
  return {
    importFile: (path, { binName }) => call<NleItemRef>('importFile', { path, binName }),
    setInOut: async (item, inTicks, outTicks) => void (await call('setInOut', { id: item.id, inTicks, outTicks })),
    createSubclip: (item, name, inTicks, outTicks) => call<NleItemRef>('createSubclip', { id: item.id, name, inTicks, outTicks }),
    async activeSequence() {
      const s = await call<{ name: string; timebase: string; playheadTicks: string; videoTracks: number; audioTracks: number } | null>('activeSequence');
      if (!s) return null;
      return { name: s.name, rate: normalizeRate({ num: TICKS_PER_SECOND, den: Number(s.timebase) }), playheadTicks: s.playheadTicks, videoTracks: s.videoTracks, audioTracks: s.audioTracks };
    },
    place: (item, o) => call<{ atTicks: string }>('place', { id: item.id, mode: o.mode, videoTrack: o.videoTrack, audioTrack: o.audioTrack }),
    addMarkers: async (target, markers) => void (await call('addMarkers', { id: target.kind === 'clip' ? target.item.id : null, markers })),
    attachProxy: async (item, path) => void (await call('attachProxy', { id: item.id, path })),
    /** CEP's own drag format: one native path per `com.adobe.cep.dnd.file.N` (Adobe-CEP Samples PProPanel/ext.js). */
    dragData: (media) => [{ format: 'com.adobe.cep.dnd.file.0', data: media.nativePath }],
  };
}

export interface CepDeps {
  evalScript: EvalScript;
  files: MediaFiles;
  localStorage: StorageLike;
}

export function createPremiereCepHost(deps: CepDeps): Host {
  return { kind: 'premiere-cep', label: 'Premiere Pro (CEP)', settings: createWebStorageSettings(deps.localStorage), files: deps.files, nle: createExtendScriptNle(deps.evalScript) };
}
