import type {
  Action, ClipProjectItem, ClipProjectItemStatic, CompoundAction, FolderItem, FolderItemStatic, MarkerStatic, Markers,
  MarkersStatic, premierepro, Project, ProjectItem, ProjectStatic, Sequence, SequenceEditor, SequenceEditorStatic,
  TickTime, TickTimeStatic,
} from '@adobe/premierepro';

/**
 * A recording fake of the UXP `premierepro` module, typed piece by piece against @adobe/premierepro 26.3
 * (`satisfies Pick<…>`), so a signature change in the real types breaks this file. It enforces what 26.3
 * enforces (adobe.md §1, §5): actions are created only inside lockedAccess, transactions run synchronously
 * (an async callback is recorded as a violation and rejected), importFiles refuses `undefined` as the bin.
 */
export type FakeCall =
  | { op: 'importFiles'; paths: string[]; suppressUI: boolean | undefined; targetBin: string | null | undefined }
  | { op: 'lockedAccess:start' | 'lockedAccess:end' }
  | { op: 'transaction:start' | 'transaction:end'; undo: string | undefined }
  | { op: 'action'; kind: string; args: Record<string, unknown> }
  | { op: 'violation'; message: string };

export interface FakeTimelineClip {
  mode: 'insert' | 'overwrite';
  name: string;
  mediaPath: string;
  atTicks: string;
  videoTrack: number;
  audioTrack: number;
  inTicks: string | null;
  outTicks: string | null;
}

export interface FakeMarker {
  owner: string;
  name: string;
  type: string;
  startTicks: string;
  durationTicks: string;
  comments: string;
}

export interface FakePremiereOptions {
  /** Ticks per frame of the active sequence (Sequence.getTimebase); default 25 fps. */
  timebase?: string;
  playheadTicks?: string;
  /** Files Premiere can read; importFiles "succeeds" for others too (as the real one may) but adds nothing. */
  exists?: (nativePath: string) => boolean;
  noSequence?: boolean;
}

interface FakeItem {
  id: string;
  name: string;
  kind: 'bin' | 'clip';
  parent: FakeItem | null;
  children: FakeItem[];
  mediaPath: string;
  inTicks: string | null;
  outTicks: string | null;
  proxyPath: string | null;
}

export interface FakePremiere {
  ppro: premierepro;
  calls: FakeCall[];
  timeline: FakeTimelineClip[];
  markers: FakeMarker[];
  /** Bin tree as names: "Cutaway/storm.mp4". */
  projectPaths(): string[];
  findClip(mediaPath: string): { name: string; inTicks: string | null; outTicks: string | null; proxyPath: string | null } | null;
  setPlayhead(ticks: string): void;
}

export function createFakePremiere(opts: FakePremiereOptions = {}): FakePremiere {
  const calls: FakeCall[] = [];
  const timeline: FakeTimelineClip[] = [];
  const markers: FakeMarker[] = [];
  let ids = 0;
  let locked = 0;
  let inTransaction = false;
  let playhead = opts.playheadTicks ?? '0';
  const root: FakeItem = { id: 'root', name: 'Root', kind: 'bin', parent: null, children: [], mediaPath: '', inTicks: null, outTicks: null, proxyPath: null };
  const byObject = new WeakMap<object, FakeItem>();

  const violation = (message: string): never => {
    calls.push({ op: 'violation', message });
    throw new Error(message);
  };
  /** An Action is an opaque token; `apply` runs when the transaction commits. */
  const action = (kind: string, args: Record<string, unknown>, apply: () => void): Action => {
    if (!locked) violation(`${kind} created outside lockedAccess (Premiere 26.3 rejects this)`);
    calls.push({ op: 'action', kind, args });
    return { __fake: kind, apply } as unknown as Action;
  };

  const tick = (t: string): TickTime => {
    const n = BigInt(t);
    return { ticks: n.toString(), ticksNumber: Number(n), seconds: Number(n) / 254016000000 } as unknown as TickTime;
  };
  const TickTimeFake = {
    createWithTicks: (t: string) => tick(t),
    createWithSeconds: (s: number) => tick(String(Math.round(s * 254016000000))),
  } satisfies Pick<TickTimeStatic, 'createWithTicks' | 'createWithSeconds'>;

  function folderApi(f: FakeItem): FolderItem & ProjectItem {
    const api = {
      name: f.name,
      type: 2,
      getId: () => f.id,
      getItems: async () => f.children.map(wrap),
      createBinAction: (name: string, makeUnique: boolean) =>
        action('createBinAction', { parent: f.name, name, makeUnique }, () => {
          f.children.push({ id: `item-${++ids}`, name, kind: 'bin', parent: f, children: [], mediaPath: '', inTicks: null, outTicks: null, proxyPath: null });
        }),
    } satisfies Pick<FolderItem, 'getItems' | 'createBinAction'> & Pick<ProjectItem, 'name' | 'type' | 'getId'>;
    byObject.set(api, f);
    return api as unknown as FolderItem & ProjectItem;
  }

  function clipApi(c: FakeItem): ClipProjectItem & ProjectItem {
    const api = {
      name: c.name,
      type: 1,
      getId: () => c.id,
      getParentBin: () => folderApi(c.parent ?? root),
      getMediaFilePath: async () => c.mediaPath,
      createSetInOutPointsAction: (i: TickTime, o: TickTime) =>
        action('createSetInOutPointsAction', { item: c.name, inTicks: i.ticks, outTicks: o.ticks }, () => {
          c.inTicks = i.ticks;
          c.outTicks = o.ticks;
        }),
      createSubClipAction: (name: string, start: TickTime, end: TickTime, hard: boolean, options?: object) =>
        action('createSubClipAction', { item: c.name, name, inTicks: start.ticks, outTicks: end.ticks, hard, options }, () => {
          (c.parent ?? root).children.push({ ...c, id: `item-${++ids}`, name, children: [], inTicks: start.ticks, outTicks: end.ticks });
        }),
      attachProxy: async (path: string, isHiRes: boolean) => {
        calls.push({ op: 'action', kind: 'attachProxy', args: { item: c.name, path, isHiRes } });
        c.proxyPath = path;
        return true;
      },
    } satisfies Pick<ClipProjectItem, 'getMediaFilePath' | 'createSetInOutPointsAction' | 'createSubClipAction' | 'attachProxy'> &
      Pick<ProjectItem, 'name' | 'type' | 'getId' | 'getParentBin'>;
    byObject.set(api, c);
    return api as unknown as ClipProjectItem & ProjectItem;
  }

  const wrap = (f: FakeItem): ProjectItem => (f.kind === 'bin' ? folderApi(f) : clipApi(f));
  const unwrap = (o: unknown): FakeItem => byObject.get(o as object) ?? violation('not an item of this project');

  const sequence = {
    name: 'Evening bulletin',
    getTimebase: async () => opts.timebase ?? '10160640000',
    getPlayerPosition: async () => tick(playhead),
    getVideoTrackCount: async () => 3,
    getAudioTrackCount: async () => 4,
  } satisfies Pick<Sequence, 'name' | 'getTimebase' | 'getPlayerPosition' | 'getVideoTrackCount' | 'getAudioTrackCount'>;

  const editor = {
    createInsertProjectItemAction: (item: ProjectItem, time: TickTime, v: number, a: number, limitShift: boolean) =>
      action('createInsertProjectItemAction', { item: item.name, atTicks: time.ticks, videoTrack: v, audioTrack: a, limitShift }, () => place('insert', item, time, v, a)),
    createOverwriteItemAction: (item: ProjectItem, time: TickTime, v: number, a: number) =>
      action('createOverwriteItemAction', { item: item.name, atTicks: time.ticks, videoTrack: v, audioTrack: a }, () => place('overwrite', item, time, v, a)),
  } satisfies Pick<SequenceEditor, 'createInsertProjectItemAction' | 'createOverwriteItemAction'>;

  function place(mode: 'insert' | 'overwrite', item: ProjectItem, time: TickTime, v: number, a: number) {
    const c = unwrap(item);
    timeline.push({ mode, name: c.name, mediaPath: c.mediaPath, atTicks: time.ticks, videoTrack: v, audioTrack: a, inTicks: c.inTicks, outTicks: c.outTicks });
  }

  const markersFor = (owner: string) =>
    ({
      createAddMarkerAction: (name: string, type?: string, start?: TickTime, duration?: TickTime, comments?: string) =>
        action('createAddMarkerAction', { owner, name, type, startTicks: start?.ticks, durationTicks: duration?.ticks, comments }, () => {
          markers.push({ owner, name, type: type ?? '', startTicks: start?.ticks ?? '0', durationTicks: duration?.ticks ?? '0', comments: comments ?? '' });
        }),
    }) satisfies Pick<Markers, 'createAddMarkerAction'> as unknown as Markers;

  const project = {
    name: 'News.prproj',
    getRootItem: async () => folderApi(root) as FolderItem,
    getActiveSequence: async () => (opts.noSequence ? (null as unknown as Sequence) : (sequence as unknown as Sequence)),
    importFiles: async (paths: string[], suppressUI?: boolean, targetBin?: ProjectItem, _numbered?: boolean) => {
      const bin = targetBin === null ? root : targetBin === undefined ? undefined : unwrap(targetBin);
      calls.push({ op: 'importFiles', paths, suppressUI, targetBin: bin === undefined ? undefined : bin === root ? null : bin.name });
      if (bin === undefined) throw new Error('Illegal Parameter type'); // uxp-premiere-pro-samples#75
      for (const p of paths) {
        if (opts.exists && !opts.exists(p)) continue;
        bin.children.push({ id: `item-${++ids}`, name: p.split(/[\\/]/).pop() ?? p, kind: 'clip', parent: bin, children: [], mediaPath: p, inTicks: null, outTicks: null, proxyPath: null });
      }
      return true;
    },
    lockedAccess: (cb: () => void) => {
      calls.push({ op: 'lockedAccess:start' });
      locked++;
      try {
        cb();
      } finally {
        locked--;
        calls.push({ op: 'lockedAccess:end' });
      }
    },
    executeTransaction: (cb: (compound: CompoundAction) => void, undo?: string) => {
      if (!locked) violation('executeTransaction outside lockedAccess');
      if (inTransaction) violation('nested executeTransaction');
      calls.push({ op: 'transaction:start', undo });
      const added: Array<{ apply: () => void }> = [];
      const compound = { addAction: (a: Action) => (added.push(a as unknown as { apply: () => void }), true), empty: true } as unknown as CompoundAction;
      inTransaction = true;
      let result: unknown;
      try {
        result = cb(compound) as unknown;
      } finally {
        inTransaction = false;
      }
      // An async callback returns a promise: its awaits would run after the lock is gone (26.3 ESLint rule).
      if (result instanceof Promise) violation('async transaction callback: nothing may be awaited inside executeTransaction');
      for (const a of added) a.apply();
      calls.push({ op: 'transaction:end', undo });
      return true;
    },
  } satisfies Pick<Project, 'name' | 'getRootItem' | 'getActiveSequence' | 'importFiles' | 'lockedAccess' | 'executeTransaction'>;

  const ppro = {
    Project: { getActiveProject: async () => project as unknown as Project } satisfies Pick<ProjectStatic, 'getActiveProject'>,
    ClipProjectItem: { cast: (i: ProjectItem) => (unwrap(i).kind === 'clip' ? clipApi(unwrap(i)) : (folderAsClip(i) as unknown as ClipProjectItem)) } satisfies ClipProjectItemStatic,
    FolderItem: { cast: (i: ProjectItem) => folderApi(unwrap(i)) as FolderItem } satisfies FolderItemStatic,
    SequenceEditor: { getEditor: (_s: Sequence) => editor as unknown as SequenceEditor } satisfies Pick<SequenceEditorStatic, 'getEditor'>,
    Markers: { getMarkers: async (owner: Sequence | ClipProjectItem) => markersFor(owner === (sequence as unknown) ? 'sequence' : `clip:${unwrap(owner).name}`) } satisfies Pick<MarkersStatic, 'getMarkers'>,
    Marker: { MARKER_TYPE_COMMENT: 'Comment' } satisfies Pick<MarkerStatic, 'MARKER_TYPE_COMMENT'>,
    TickTime: { ...TickTimeFake, TIME_ONE_SECOND: tick('254016000000') },
  };

  /** A bin cast to a clip: like Premiere, asking it for a media path fails. */
  function folderAsClip(i: ProjectItem) {
    return { ...i, getMediaFilePath: async () => Promise.reject(new Error('not a clip')) };
  }

  return {
    ppro: ppro as unknown as premierepro,
    calls,
    timeline,
    markers,
    projectPaths() {
      const out: string[] = [];
      const walk = (f: FakeItem, prefix: string) => f.children.forEach((c) => (out.push(prefix + c.name), walk(c, `${prefix}${c.name}/`)));
      walk(root, '');
      return out;
    },
    findClip(mediaPath) {
      let found: FakeItem | null = null;
      const walk = (f: FakeItem) => f.children.forEach((c) => (c.kind === 'clip' && c.mediaPath === mediaPath && !found ? (found = c) : walk(c)));
      walk(root);
      const c = found as FakeItem | null;
      return c ? { name: c.name, inTicks: c.inTicks, outTicks: c.outTicks, proxyPath: c.proxyPath } : null;
    },
    setPlayhead(t) {
      playhead = t;
    },
  };
}
