import type { Render, RestoreRecord } from '@cutaway/shared';
import type { SqliteDb } from '../adapters/sqlite/database';
import type { Catalog } from '../composition/catalog';
import type { PlaceholderKey } from '../ports/rundown-store';

/**
 * The stores added after the first scale-out copy (issues 11, 15–17 and the archive): each is read from
 * the source catalog through its port and written to the target as it was (ids, timestamps, relations).
 * What the target already has is skipped, so a resumed or repeated run copies nothing twice. The SQLite
 * tables are read directly only to enumerate ids where a port has no "list everything" method.
 */
export interface Source {
  db: SqliteDb;
  catalog: Catalog;
}

const ids = (db: SqliteDb, table: string) => db.prepare(`SELECT id FROM ${table} ORDER BY created_at, id`).pluck().all() as string[];

/** Lifecycle policies (inserted by id) and the restore log (no ids: a record equal in every field is the same one). */
export async function copyArchive(source: Source, target: Catalog): Promise<{ archivePolicies: number; restores: number }> {
  let archivePolicies = 0;
  for (const p of await source.catalog.archive.listPolicies()) {
    if (await target.archive.getPolicy(p.id)) continue;
    await target.archive.savePolicy(p);
    archivePolicies += 1;
  }
  const key = (r: RestoreRecord) => JSON.stringify([r.assetId, r.requestedAt, r.tier, r.bytes, r.speed]);
  const epoch = new Date(0);
  const have = new Set((await target.archive.restoresSince(epoch)).map(key));
  let restores = 0;
  for (const r of await source.catalog.archive.restoresSince(epoch)) {
    if (have.has(key(r))) continue;
    await target.archive.addRestore(r);
    have.add(key(r));
    restores += 1;
  }
  return { archivePolicies, restores };
}

/** People first: face tracks name them. */
export async function copyPeople(source: Source, target: Catalog): Promise<number> {
  let people = 0;
  for (const id of ids(source.db, 'face_people')) {
    const p = await source.catalog.people.getPerson(id);
    if (!p || (await target.people.getPerson(id))) continue;
    await target.people.createPerson(p);
    people += 1;
  }
  return people;
}

/**
 * One asset's face tracks (descriptors and thumbnail keys as stored; the thumbnails are objects under the
 * asset's prefix, copied with its files), the suggestions people rejected, and a grouping opt-out.
 */
export async function copyAssetFaces(source: Source, target: Catalog, assetId: string): Promise<{ faceTracks: number; faceRejections: number; faceGroupingOff: number }> {
  const out = { faceTracks: 0, faceRejections: 0, faceGroupingOff: 0 };
  const tracks = await source.catalog.people.listAssetTracks(assetId);
  if (tracks.length && (await target.people.listAssetTracks(assetId)).length === 0) {
    await target.people.replaceAssetTracks(assetId, tracks);
    out.faceTracks = tracks.length;
  }
  const trackIds = tracks.map((t) => t.id);
  const had = await target.people.rejections(trackIds);
  for (const [trackId, people] of await source.catalog.people.rejections(trackIds)) {
    for (const personId of people) {
      if (had.get(trackId)?.has(personId)) continue;
      await target.people.addRejections([trackId], personId);
      out.faceRejections += 1;
    }
  }
  if (!(await source.catalog.people.groupingEnabled(assetId)) && (await target.people.groupingEnabled(assetId))) {
    await target.people.setGrouping(assetId, false);
    out.faceGroupingOff = 1;
  }
  return out;
}

export interface DeliveryCopy {
  selections: number;
  renders: number;
  approvals: number;
  deliveries: number;
}

/**
 * Selections, renders, approvals and deliveries, in the order they reference each other. A render's files
 * (`deliveries/renders/<id>/…`) are copied before its row, so a render in the target always has them.
 */
export async function copyDelivery(source: Source, target: Catalog, renderObjects: (r: Render) => Promise<void>): Promise<DeliveryCopy> {
  const out: DeliveryCopy = { selections: 0, renders: 0, approvals: 0, deliveries: 0 };
  for (const id of ids(source.db, 'delivery_selections')) {
    const s = await source.catalog.delivery.getSelection(id);
    if (!s || (await target.delivery.getSelection(id))) continue;
    await target.delivery.createSelection(s);
    out.selections += 1;
  }
  for (const id of ids(source.db, 'delivery_renders')) {
    const r = await source.catalog.delivery.getRender(id);
    if (!r) continue;
    await renderObjects(r);
    if (await target.delivery.getRender(id)) continue;
    await target.delivery.createRender(r);
    out.renders += 1;
  }
  for (const id of ids(source.db, 'delivery_approvals')) {
    const a = await source.catalog.delivery.getApproval(id);
    if (!a || (await target.delivery.getApproval(id))) continue;
    await target.delivery.createApproval(a);
    out.approvals += 1;
  }
  for (const id of ids(source.db, 'delivery_deliveries')) {
    const d = await source.catalog.delivery.getDelivery(id);
    if (!d) continue;
    if ((await target.delivery.createDeliveryOnce(d)).created) out.deliveries += 1;
  }
  return out;
}

/** Saved prompts (schedules, last runs) and tool handles, which stay bound to the same token ids. */
export async function copyAgent(source: Source, target: Catalog): Promise<{ savedPrompts: number; toolHandles: number }> {
  let savedPrompts = 0;
  for (const p of await source.catalog.agent.listPrompts()) {
    if (await target.agent.getPrompt(p.id)) continue;
    await target.agent.createPrompt(p);
    savedPrompts += 1;
  }
  let toolHandles = 0;
  for (const handle of source.db.prepare('SELECT handle FROM tool_handles ORDER BY created_at, handle').pluck().all() as string[]) {
    const h = await source.catalog.agent.getHandle(handle);
    if (!h || (await target.agent.getHandle(handle))) continue;
    await target.agent.putHandle(h);
    toolHandles += 1;
  }
  return { savedPrompts, toolHandles };
}

export interface LiveCopy {
  liveChannels: number;
  liveClips: number;
  liveGaps: number;
  liveRecordings: number;
  liveRecordingRuns: number;
}

/** Channels, then their clip records, buffer gaps, scheduled recordings and the occurrences those started. */
export async function copyLive(source: Source, target: Catalog): Promise<LiveCopy> {
  const out: LiveCopy = { liveChannels: 0, liveClips: 0, liveGaps: 0, liveRecordings: 0, liveRecordingRuns: 0 };
  for (const c of await source.catalog.live.listChannels()) {
    if (!(await target.live.getChannel(c.id))) {
      await target.live.createChannel(c);
      out.liveChannels += 1;
    }
    // Each clip on its own: a run interrupted after the channel still copies the rest.
    for (const clip of await source.catalog.live.listClips(c.id)) {
      if (await target.live.getClip(clip.id)) continue;
      await target.live.createClip(clip);
      out.liveClips += 1;
    }
    // Gaps have no ids: copied while the target has none for the channel (they are added together below).
    const all = [-8.64e15, 8.64e15] as const;
    if ((await target.live.listGaps(c.id, ...all)).length === 0) {
      for (const g of await source.catalog.live.listGaps(c.id, ...all)) {
        await target.live.addGap(c.id, g);
        out.liveGaps += 1;
      }
    }
    for (const r of await source.catalog.liveRecordings.list(c.id)) {
      if (!(await target.liveRecordings.get(r.id))) {
        await target.liveRecordings.create(r);
        out.liveRecordings += 1;
      }
      const have = new Set((await target.liveRecordings.listRuns(r.id, Number.MAX_SAFE_INTEGER)).map((run) => run.occurrenceAt));
      for (const run of await source.catalog.liveRecordings.listRuns(r.id, Number.MAX_SAFE_INTEGER)) {
        if (have.has(run.occurrenceAt)) continue;
        await target.liveRecordings.putRun(run);
        out.liveRecordingRuns += 1;
      }
    }
  }
  return out;
}

/** mosObjCreate idempotency keys: a resend after the move must still name the placeholder created before it. */
export async function copyPlaceholderKeys(source: Source, target: Catalog): Promise<number> {
  const rows = source.db.prepare('SELECT key, asset_id AS assetId, created_at AS createdAt FROM placeholder_keys ORDER BY created_at, key').all() as PlaceholderKey[];
  let n = 0;
  for (const r of rows) if (await target.rundowns.importPlaceholderKey(r)) n += 1;
  return n;
}

/** Rows deliberately left behind, counted so the operator sees them (docs/deployment.md says why). */
export function notCopied(source: Source): { unfinishedJobs: number; vectors: number; unfinishedLiveClips: number } {
  const count = (sql: string) => Number(source.db.prepare(sql).pluck().get() ?? 0);
  return {
    unfinishedJobs: count("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"),
    vectors: count('SELECT count(*) FROM vector_items'),
    // Copied as they are; only the recording host's buffer could finish them (LiveClipStateSchema).
    unfinishedLiveClips: count("SELECT count(*) FROM live_clips WHERE state IN ('waiting', 'growing', 'instant')"),
  };
}
