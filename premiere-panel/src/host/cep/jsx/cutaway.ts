// ExtendScript side of the CEP build (Premiere Pro before UXP). ES3: no JSON, no Array#map/filter, `var` only.
// Type-checked against types-for-adobe Premiere/24.0 (jsx/tsconfig.json), emitted by `ts.transpileModule`.
// Every entry point takes one JSON argument (inlined as a literal by the panel) and returns a JSON string;
// failures return {"error": message}. Calls per the Premiere scripting guide (ppro-scripting.docsforadobe.dev).

function cutawayJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') {
    return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
  }
  if (v instanceof Array) {
    var parts: string[] = [];
    for (var i = 0; i < v.length; i++) parts.push(cutawayJson(v[i]));
    return '[' + parts.join(',') + ']';
  }
  var fields: string[] = [];
  var o = v as { [k: string]: unknown };
  for (var k in o) if (o.hasOwnProperty(k)) fields.push(cutawayJson(k) + ':' + cutawayJson(o[k]));
  return '{' + fields.join(',') + '}';
}

function cutawayRun(fn: () => unknown): string {
  try {
    return cutawayJson({ ok: fn() });
  } catch (e) {
    return cutawayJson({ error: String(e) });
  }
}

function cutawayFind(bin: ProjectItem, test: (item: ProjectItem) => boolean, deep: boolean): ProjectItem | null {
  for (var i = 0; i < bin.children.numItems; i++) {
    var child = bin.children[i];
    if (test(child)) return child;
    if (deep && child.type === ProjectItemType.BIN) {
      var inner = cutawayFind(child, test, true);
      if (inner) return inner;
    }
  }
  return null;
}

function cutawayItem(nodeId: string): ProjectItem {
  var found = cutawayFind(app.project.rootItem, function (item) { return item.nodeId === nodeId; }, true);
  if (!found) throw new Error('project item ' + nodeId + ' is gone; import it again');
  return found;
}

function cutawaySamePath(a: string, b: string): boolean {
  return a.replace(/\\/g, '/').toLowerCase() === b.replace(/\\/g, '/').toLowerCase();
}

function cutawayTime(ticks: string): Time {
  var t = new Time();
  t.ticks = ticks;
  return t;
}

function cutawayRef(item: ProjectItem, mediaPath: string) {
  return { id: item.nodeId, name: item.name, mediaPath: mediaPath };
}

var cutaway = {
  importFile: function (a: { path: string; binName: string }): string {
    return cutawayRun(function () {
      var root = app.project.rootItem;
      var bin = root;
      if (a.binName) {
        var existing = cutawayFind(root, function (i) { return i.type === ProjectItemType.BIN && i.name === a.binName; }, false);
        bin = existing ? existing : root.createBin(a.binName);
      }
      app.project.importFiles([a.path], true, bin, false);
      // importFiles may return true for a file it did not import (CEP-Resources#301): read the bin back.
      var item = cutawayFind(bin, function (i) { return i.type === ProjectItemType.CLIP && cutawaySamePath(i.getMediaPath(), a.path); }, false);
      if (!item) throw new Error('Premiere did not import ' + a.path);
      return cutawayRef(item, a.path);
    });
  },
  setInOut: function (a: { id: string; inTicks: string; outTicks: string }): string {
    return cutawayRun(function () {
      var item = cutawayItem(a.id);
      item.setInPoint(cutawayTime(a.inTicks), 4); // 4 = video and audio
      item.setOutPoint(cutawayTime(a.outTicks), 4);
      return true;
    });
  },
  createSubclip: function (a: { id: string; name: string; inTicks: string; outTicks: string }): string {
    return cutawayRun(function () {
      var item = cutawayItem(a.id);
      var sub = item.createSubClip(a.name, cutawayTime(a.inTicks), cutawayTime(a.outTicks), 0, 1, 1);
      return cutawayRef(sub, item.getMediaPath());
    });
  },
  activeSequence: function (): string {
    return cutawayRun(function () {
      var seq = app.project.activeSequence;
      if (!seq) return null;
      return { name: seq.name, timebase: seq.timebase, playheadTicks: seq.getPlayerPosition().ticks, videoTracks: seq.videoTracks.numTracks, audioTracks: seq.audioTracks.numTracks };
    });
  },
  place: function (a: { id: string; mode: string; videoTrack: number; audioTrack: number }): string {
    return cutawayRun(function () {
      var seq = app.project.activeSequence;
      if (!seq) throw new Error('Open a sequence first: there is no active sequence');
      var at = seq.getPlayerPosition();
      var item = cutawayItem(a.id);
      if (a.mode === 'insert') seq.insertClip(item, at, a.videoTrack, a.audioTrack);
      // Sequence.overwriteClip(item, time, vIdx, aIdx) is in the scripting guide (sequence.md) but not in types-for-adobe.
      else (seq as unknown as { overwriteClip(i: ProjectItem, t: Time, v: number, a: number): boolean }).overwriteClip(item, at, a.videoTrack, a.audioTrack);
      return { atTicks: at.ticks };
    });
  },
  addMarkers: function (a: { id: string | null; markers: Array<{ name: string; comments: string; startTicks: string; durationTicks: string }> }): string {
    return cutawayRun(function () {
      var owner = a.id ? cutawayItem(a.id).getMarkers() : app.project.activeSequence.markers;
      for (var i = 0; i < a.markers.length; i++) {
        var m = a.markers[i];
        var start = cutawayTime(m.startTicks).seconds;
        var dur = cutawayTime(m.durationTicks).seconds;
        var marker = owner.createMarker(start, m.name, dur, m.comments);
        marker.name = m.name;
        marker.comments = m.comments;
      }
      return a.markers.length;
    });
  },
  attachProxy: function (a: { id: string; path: string }): string {
    return cutawayRun(function () {
      if (!cutawayItem(a.id).attachProxy(a.path, 0)) throw new Error('Premiere did not attach the proxy ' + a.path);
      return true;
    });
  },
};
