import type {
  Action, ClipProjectItem, FolderItem, premierepro, Project, ProjectItem, Sequence, TickTime,
} from '@adobe/premierepro';
import { AppError } from '@cutaway/shared/errors';
import { TICKS_PER_SECOND, normalizeRate, parseTicks } from '@cutaway/shared/timecode';
import { nativePathToFileUri, type MarkerSpec, type NleHost, type NleItemRef, type PlaceOptions, type SequenceInfo } from '@cutaway/shared/ui/host';

/**
 * NleHost over the UXP `premierepro` module (@adobe/premierepro 26.3 types; adobe.md §1).
 * Rules this file keeps, each from a documented pitfall:
 * - importFiles takes native paths and `null` (never undefined) for the root bin (uxp-premiere-pro-samples#75);
 * - importFiles' boolean is not proof: the item is found by reading the bin back (CEP-Resources#301);
 * - every create*Action runs inside project.lockedAccess → executeTransaction (26.3 changelog), with all
 *   awaits done before the lock: the transaction callback is synchronous and never awaits;
 * - constants are read from the runtime object (ppro.Marker.MARKER_TYPE_COMMENT), never from the types package.
 */
export function createPremiereNle(ppro: premierepro): NleHost & { item(ref: NleItemRef): ProjectItem } {
  /** NleItemRef.id → the live ProjectItem; refs stay opaque to the app. */
  const items = new Map<string, ProjectItem>();
  let seq = 0;
  const remember = (item: ProjectItem, mediaPath: string): NleItemRef => {
    const id = `ppro-${++seq}`;
    items.set(id, item);
    return { id, name: item.name, mediaPath };
  };
  const item = (ref: NleItemRef): ProjectItem => {
    const found = items.get(ref.id);
    if (!found) throw new AppError('request.invalid', `unknown project item ${ref.id}; import it again`);
    return found;
  };
  const clip = (ref: NleItemRef): ClipProjectItem => ppro.ClipProjectItem.cast(item(ref));
  const ticks = (t: string | bigint): TickTime => ppro.TickTime.createWithTicks(parseTicks(t).toString());

  /** One undoable step: lock, create the actions, commit. The callback must stay synchronous. */
  function transact(project: Project, undo: string, build: () => Action[]): void {
    let ok = false;
    project.lockedAccess(() => {
      ok = project.executeTransaction((compound) => {
        for (const action of build()) compound.addAction(action);
      }, undo);
    });
    if (!ok) throw new AppError('internal', `Premiere refused “${undo}”`);
  }

  async function findBin(project: Project, name: string): Promise<FolderItem> {
    const root = await project.getRootItem();
    const existing = (await root.getItems()).find((i) => i.name === name);
    if (existing) return ppro.FolderItem.cast(existing);
    transact(project, `Cutaway: create bin ${name}`, () => [root.createBinAction(name, false)]);
    const created = (await root.getItems()).find((i) => i.name === name);
    if (!created) throw new AppError('internal', `bin “${name}” was not created`);
    return ppro.FolderItem.cast(created);
  }

  async function findByMediaPath(bin: FolderItem, nativePath: string): Promise<ProjectItem | null> {
    const want = normalisePath(nativePath);
    for (const candidate of await bin.getItems()) {
      const c = ppro.ClipProjectItem.cast(candidate);
      // Bins and sequences have no media path; their getMediaFilePath rejects or returns ''.
      const path = await c.getMediaFilePath().catch(() => '');
      if (path && normalisePath(path) === want) return candidate;
    }
    return null;
  }

  return {
    item,

    async importFile(nativePath, { binName }) {
      const project = await ppro.Project.getActiveProject();
      if (!project) throw new AppError('request.invalid', 'Open a Premiere Pro project first');
      const bin = binName ? await findBin(project, binName) : null;
      // The typings want a ProjectItem; the root bin is `null` (undefined throws "Illegal Parameter type").
      const target = (bin ? (bin as unknown as ProjectItem) : null) as unknown as ProjectItem;
      await project.importFiles([nativePath], true, target, false);
      const root = bin ?? (await project.getRootItem());
      const found = await findByMediaPath(root, nativePath);
      if (!found) throw new AppError('media.process_failed', `Premiere did not import ${nativePath} (the file is missing or its format is not supported)`);
      return remember(found, nativePath);
    },

    async setInOut(ref, inTicks, outTicks) {
      const project = await ppro.Project.getActiveProject();
      const c = clip(ref);
      transact(project, 'Cutaway: set in/out', () => [c.createSetInOutPointsAction(ticks(inTicks), ticks(outTicks))]);
    },

    async createSubclip(ref, name, inTicks, outTicks) {
      const project = await ppro.Project.getActiveProject();
      const c = clip(ref);
      const parent = item(ref).getParentBin();
      transact(project, `Cutaway: subclip ${name}`, () => [c.createSubClipAction(name, ticks(inTicks), ticks(outTicks), false, { takeVideo: true, takeAudio: true })]);
      // Subclips have the parent's media path too, so they are found by name (as Adobe's sample does).
      const created = (await parent.getItems()).find((i) => i.name === name);
      if (!created) throw new AppError('internal', `subclip “${name}” was not created`);
      return remember(created, ref.mediaPath);
    },

    async activeSequence(): Promise<SequenceInfo | null> {
      const project = await ppro.Project.getActiveProject();
      const s: Sequence | null = await project.getActiveSequence();
      if (!s) return null;
      const [timebase, pos, v, a] = await Promise.all([s.getTimebase(), s.getPlayerPosition(), s.getVideoTrackCount(), s.getAudioTrackCount()]);
      // Frame rate = ticks per second / ticks per frame (uxp-premiere-pro-samples tickTime.ts).
      const rate = normalizeRate({ num: TICKS_PER_SECOND, den: Number(timebase) });
      return { name: s.name, rate, playheadTicks: pos.ticks, videoTracks: v, audioTracks: a };
    },

    async place(ref, opts: PlaceOptions) {
      const project = await ppro.Project.getActiveProject();
      const s = await project.getActiveSequence();
      if (!s) throw new AppError('request.invalid', 'Open a sequence first: there is no active sequence');
      const at = await s.getPlayerPosition();
      const editor = ppro.SequenceEditor.getEditor(s);
      const target = item(ref);
      transact(project, `Cutaway: ${opts.mode} ${ref.name}`, () => [
        opts.mode === 'insert'
          ? editor.createInsertProjectItemAction(target, at, opts.videoTrack, opts.audioTrack, false)
          : editor.createOverwriteItemAction(target, at, opts.videoTrack, opts.audioTrack),
      ]);
      return { atTicks: at.ticks };
    },

    async addMarkers(target, markers: MarkerSpec[]) {
      const project = await ppro.Project.getActiveProject();
      const owner = target.kind === 'sequence' ? await project.getActiveSequence() : clip(target.item);
      if (!owner) throw new AppError('request.invalid', 'Open a sequence first: there is no active sequence');
      const list = await ppro.Markers.getMarkers(owner);
      const type = ppro.Marker.MARKER_TYPE_COMMENT;
      transact(project, `Cutaway: ${markers.length} marker(s)`, () =>
        markers.map((m) => list.createAddMarkerAction(m.name, type, ticks(m.startTicks), ticks(m.durationTicks), m.comments)),
      );
    },

    async attachProxy(ref, proxyPath) {
      const ok = await clip(ref).attachProxy(proxyPath, false);
      if (!ok) throw new AppError('media.process_failed', `Premiere did not attach the proxy ${proxyPath}`);
    },

    /** The JSON payload of AdobeDocs/uxp-premiere-pro-samples#97 (dragAndDrop.ts), set as text/plain and text. */
    dragData(media) {
      const payload = JSON.stringify({
        version: '1.0.0',
        source: PLUGIN_ID,
        items: [{ name: media.name, content_type: media.mime, uri: nativePathToFileUri(media.nativePath) }],
      });
      return [
        { format: 'text/plain', data: payload },
        { format: 'text', data: payload },
      ];
    },
  };
}

export const PLUGIN_ID = 'io.cutaway.premiere';

/** Same file, however Premiere spells it back: separators unified; Windows paths compared case-insensitively. */
function normalisePath(p: string): string {
  const slashed = p.replace(/\\/g, '/').replace(/\/+/g, '/');
  return /^[A-Za-z]:\//.test(slashed) ? slashed.toLowerCase() : slashed;
}

