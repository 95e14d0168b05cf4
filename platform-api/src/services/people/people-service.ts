import { Readable } from 'node:stream';
import { AppError, type FaceTrack, type PeopleListQuery, type Person, type PersonDetail, type Segment, type TokenInfo } from '@cutaway/shared';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { ObjectStorage } from '../../ports/object-storage';
import type { PeopleStore, PersonSummary, StoredFaceTrack } from '../../ports/people-store';
import type { SearchIndex } from '../../ports/search-index';
import type { FaceTrackResult } from '../../ports/vision';
import { iou } from '../../rules/face-tracks';
import { faceText } from '../../rules/visual-moments';
import type { AuditService } from '../audit-service';
import { faceThumbKey } from '../storage-keys';
import { DEFAULT_MATCH_THRESHOLD, nearestPerson } from './face-matching';

/** The search-index source of face rows: re-indexing an asset's faces replaces exactly these. */
export const FACES_SOURCE = 'enrich.faces';

type Actor = Pick<TokenInfo, 'id' | 'name'> | null;

interface Deps {
  store: PeopleStore;
  index: SearchIndex;
  storage: ObjectStorage;
  clock: Clock;
  ids: IdGenerator;
  audit?: AuditService;
  /** `person.updated` after every human change, so open People views and result lists refresh. */
  events?: EventBus;
  /** Deployment switch (CUTAWAY_FACE_GROUPING): off, faces are found but never described, compared or named. */
  grouping: boolean;
  threshold?: number;
}

export const faceThumbnailUrl = (trackId: string) => `/api/v1/people/faces/${encodeURIComponent(trackId)}/thumbnail`;

/**
 * People across the library (issue 17): face tracks grouped by descriptor distance as assets
 * arrive, named once by a human, confirmed or rejected, merged and split. Every change to who a
 * face is re-writes that asset's face rows in the search index, so "seen: Mayor" is found at once.
 */
export class PeopleService {
  constructor(private readonly deps: Deps) {}

  get groupingOn(): boolean {
    return this.deps.grouping;
  }

  /** Whether the faces step should compute descriptors for this asset (both switches). */
  async describeFor(assetId: string): Promise<boolean> {
    return this.deps.grouping && (await this.deps.store.groupingEnabled(assetId));
  }

  /**
   * The faces step's output: stores thumbnails and tracks (replacing an earlier run's, keeping who
   * a human said they were), groups the new ones and indexes the asset's face moments.
   */
  async ingestTracks(assetId: string, results: readonly FaceTrackResult[]): Promise<StoredFaceTrack[]> {
    const previous = await this.deps.store.listAssetTracks(assetId);
    const now = this.deps.clock.now().toISOString();
    const grouping = await this.describeFor(assetId);
    const tracks: StoredFaceTrack[] = [];
    for (const r of results) {
      const id = this.deps.ids.newId();
      const key = faceThumbKey(assetId, id);
      await this.deps.storage.put(key, Readable.from([Buffer.from(r.thumbnail)]));
      // A re-run (or a job redone after a crash) keeps the identity a human gave the same face.
      const before = previous.find((p) => p.startMs < r.endMs && r.startMs < p.endMs && iou(p.box, r.box) > 0.3);
      tracks.push({
        id, assetId, personId: grouping ? (before?.personId ?? null) : null, status: before?.personId && grouping ? before.status : 'suggested',
        startMs: r.startMs, endMs: r.endMs, box: r.box, quality: r.quality, descriptor: grouping ? r.descriptor : null, thumbnailKey: key, createdAt: now,
      });
    }
    if (grouping) await this.#group(tracks);
    await this.deps.store.replaceAssetTracks(assetId, tracks);
    await Promise.all(previous.filter((p) => p.thumbnailKey).map((p) => this.deps.storage.delete(p.thumbnailKey!).catch(() => undefined)));
    await this.deps.store.deleteEmptyPeople();
    await this.reindexAsset(assetId);
    return tracks;
  }

  /** Places each ungrouped described track with its nearest person, or starts a new one (incremental clustering). */
  async #group(tracks: StoredFaceTrack[]): Promise<void> {
    const library = (await this.deps.store.describedTracks()).filter((t) => !tracks.some((n) => n.assetId === t.assetId));
    const threshold = this.deps.threshold ?? DEFAULT_MATCH_THRESHOLD;
    for (const t of tracks) {
      if (!t.descriptor) continue;
      if (!t.personId) {
        // Faces on screen together in this asset are different people.
        const together = new Set(tracks.filter((o) => o !== t && o.startMs < t.endMs && t.startMs < o.endMs).map((o) => o.id));
        const match = nearestPerson(t.descriptor, library, threshold, { tracks: together });
        if (match) t.personId = match.personId;
        else {
          t.personId = this.deps.ids.newId();
          const now = this.deps.clock.now().toISOString();
          await this.deps.store.createPerson({ id: t.personId, name: null, createdAt: now, updatedAt: now });
        }
        t.status = 'suggested';
      }
      library.push({ id: t.id, assetId: t.assetId, personId: t.personId, descriptor: t.descriptor });
    }
  }

  /** Writes an asset's face rows: one per track, "seen: <name>" (or an unnamed face). */
  async reindexAsset(assetId: string): Promise<void> {
    const tracks = await this.deps.store.listAssetTracks(assetId);
    const names = new Map<string, string | null>();
    for (const t of tracks) if (t.personId && !names.has(t.personId)) names.set(t.personId, (await this.deps.store.getPerson(t.personId))?.name ?? null);
    const segments: Segment[] = tracks.map((t) => ({
      assetId, kind: 'tag', startMs: t.startMs, endMs: t.endMs, text: faceText(t.personId ? (names.get(t.personId) ?? null) : null), source: FACES_SOURCE, confidence: t.quality, words: null,
    }));
    await this.deps.index.replaceSegments(assetId, FACES_SOURCE, segments);
  }

  /** An asset is deleted: its tracks and descriptors go; people left without faces go too. */
  async forgetAsset(assetId: string): Promise<void> {
    await this.deps.store.replaceAssetTracks(assetId, []);
    await this.deps.store.setGrouping(assetId, true);
    await this.deps.store.deleteEmptyPeople();
  }

  async list(q: PeopleListQuery): Promise<Person[]> {
    const rows = await this.deps.store.listPeople({ limit: q.limit, ...(q.named ? { named: q.named === 'true' } : {}) });
    return rows.map(toPerson);
  }

  async get(id: string): Promise<PersonDetail> {
    const summary = await this.deps.store.summary(id);
    if (!summary) throw new AppError('person.not_found', `No person ${id}`, { id });
    return { ...toPerson(summary), tracks: (await this.deps.store.listPersonTracks(id)).map(toTrack) };
  }

  async assetTracks(assetId: string): Promise<FaceTrack[]> {
    return (await this.deps.store.listAssetTracks(assetId)).map(toTrack);
  }

  /**
   * Names a person ("name one face"). `trackId`, the face the human looked at, becomes confirmed.
   * A name another person already has merges the two: one name, one person.
   */
  async name(id: string, name: string, trackId: string | undefined, actor: Actor): Promise<PersonDetail> {
    this.#needGrouping();
    const person = await this.#person(id);
    const holder = await this.deps.store.findPersonByName(name);
    let target = id;
    if (holder && holder.id !== id) {
      await this.#moveAll([id], holder.id);
      target = holder.id;
    } else await this.deps.store.renamePerson(id, name.trim(), this.deps.clock.now().toISOString());
    if (trackId) await this.#confirmTracks(target, [trackId]);
    await this.#reindexPerson(target);
    await this.#audit(actor, 'people.name', { personId: target, name: name.trim(), previousName: person.name, mergedFrom: target !== id ? id : null, trackId: trackId ?? null });
    const detail = await this.get(target);
    this.#changed('name', [target, id], detail.tracks.map((t) => t.assetId));
    return detail;
  }

  /** "Yes, this is them": the tracks join the person as confirmed (from wherever they were). */
  async confirm(id: string, trackIds: readonly string[], actor: Actor): Promise<PersonDetail> {
    this.#needGrouping();
    await this.#person(id);
    const tracks = await this.#tracks(trackIds);
    await this.#confirmTracks(id, trackIds);
    await this.deps.store.deleteEmptyPeople();
    await this.#reindexAssets(tracks.map((t) => t.assetId));
    await this.#audit(actor, 'people.confirm', { personId: id, trackIds });
    this.#changed('confirm', [id, ...tracks.map((t) => t.personId).filter((p): p is string => p !== null)], tracks.map((t) => t.assetId));
    return this.get(id);
  }

  /** "No, not them": each track leaves for a person of its own and is never suggested for this one again. */
  async reject(id: string, trackIds: readonly string[], actor: Actor): Promise<PersonDetail> {
    this.#needGrouping();
    await this.#person(id);
    const tracks = await this.#tracks(trackIds);
    const foreign = tracks.filter((t) => t.personId !== id);
    if (foreign.length) throw new AppError('request.invalid', `Track ${foreign[0]!.id} is not one of ${id}'s faces`, { trackIds: foreign.map((t) => t.id) });
    await this.deps.store.addRejections(trackIds, id);
    for (const t of tracks) {
      const fresh = await this.#newPerson(null);
      await this.deps.store.assignTracks([t.id], fresh, 'suggested');
    }
    await this.#reindexAssets(tracks.map((t) => t.assetId));
    await this.#audit(actor, 'people.reject', { personId: id, trackIds });
    this.#changed('reject', [id], tracks.map((t) => t.assetId));
    return this.get(id);
  }

  /** Merges people into `id`; the target keeps its name, or takes the first source's if it has none. */
  async merge(id: string, from: readonly string[], actor: Actor): Promise<PersonDetail> {
    this.#needGrouping();
    const target = await this.#person(id);
    const sources = [];
    for (const f of from.filter((f) => f !== id)) sources.push(await this.#person(f));
    const inherited = target.name ?? sources.find((s) => s.name)?.name ?? null;
    const affected = await this.#moveAll(sources.map((s) => s.id), id);
    if (inherited !== target.name) await this.deps.store.renamePerson(id, inherited, this.deps.clock.now().toISOString());
    await this.#reindexAssets(affected);
    await this.#audit(actor, 'people.merge', { personId: id, from: sources.map((s) => ({ id: s.id, name: s.name })), name: inherited });
    this.#changed('merge', [id, ...sources.map((s) => s.id)], affected);
    return this.get(id);
  }

  /** Moves some of a person's tracks to a new person (named when `name` is given); they are not suggested back. */
  async split(id: string, trackIds: readonly string[], name: string | undefined, actor: Actor): Promise<PersonDetail> {
    this.#needGrouping();
    await this.#person(id);
    const tracks = await this.#tracks(trackIds);
    const foreign = tracks.filter((t) => t.personId !== id);
    if (foreign.length) throw new AppError('request.invalid', `Track ${foreign[0]!.id} is not one of ${id}'s faces`, { trackIds: foreign.map((t) => t.id) });
    const holder = name ? await this.deps.store.findPersonByName(name) : null;
    const target = holder?.id ?? (await this.#newPerson(name?.trim() ?? null));
    await this.deps.store.assignTracks(trackIds, target, 'confirmed');
    await this.deps.store.addRejections(trackIds, id);
    await this.deps.store.deleteEmptyPeople();
    await this.#reindexAssets(tracks.map((t) => t.assetId));
    await this.#audit(actor, 'people.split', { personId: id, newPersonId: target, trackIds, name: name ?? null });
    this.#changed('split', [target, id], tracks.map((t) => t.assetId));
    return this.get(target);
  }

  /** Deletes a person: their descriptors and face thumbnails go; the faces stay findable as unnamed faces. */
  async delete(id: string, actor: Actor): Promise<void> {
    const person = await this.#person(id);
    const tracks = await this.deps.store.listPersonTracks(id);
    await this.deps.store.deletePerson(id);
    await Promise.all(tracks.filter((t) => t.thumbnailKey).map((t) => this.deps.storage.delete(t.thumbnailKey!).catch(() => undefined)));
    await this.#reindexAssets(tracks.map((t) => t.assetId));
    await this.#audit(actor, 'people.delete', { personId: id, name: person.name, tracks: tracks.length });
    this.#changed('delete', [id], tracks.map((t) => t.assetId));
  }

  /** Per-asset switch. Off: the asset's descriptors are deleted and its faces leave every person. On: re-run `faces` to group them. */
  async setAssetGrouping(assetId: string, enabled: boolean, actor: Actor): Promise<{ grouping: boolean }> {
    await this.deps.store.setGrouping(assetId, enabled);
    if (!enabled) {
      await this.deps.store.clearAssetDescriptors(assetId);
      await this.deps.store.deleteEmptyPeople();
      await this.reindexAsset(assetId);
    }
    await this.#audit(actor, 'people.asset_grouping', { grouping: enabled }, assetId);
    return { grouping: enabled };
  }

  async assetGrouping(assetId: string): Promise<{ grouping: boolean }> {
    return { grouping: this.deps.grouping && (await this.deps.store.groupingEnabled(assetId)) };
  }

  async thumbnail(trackId: string): Promise<Readable> {
    const [track] = await this.deps.store.getTracks([trackId]);
    if (!track?.thumbnailKey) throw new AppError('face.not_found', `No face thumbnail ${trackId}`, { id: trackId });
    return this.deps.storage.read(track.thumbnailKey);
  }

  /** For search: the named person whose name is in the query (longest first) and the query without it. */
  async personInQuery(q: string): Promise<{ id: string; name: string; rest: string } | null> {
    if (!this.deps.grouping || !q.trim()) return null;
    const people = (await this.deps.store.namedPeople()).sort((a, b) => b.name.length - a.name.length);
    for (const p of people) {
      const escaped = p.name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])"?${escaped}"?(?=$|[^\\p{L}\\p{N}])`, 'iu');
      if (pattern.test(q)) return { id: p.id, name: p.name, rest: q.replace(pattern, '$1').replace(/\s+/g, ' ').trim() };
    }
    return null;
  }

  /** A person's on-screen intervals per asset. */
  async intervals(personId: string): Promise<Map<string, Array<{ startMs: number; endMs: number }>>> {
    const out = new Map<string, Array<{ startMs: number; endMs: number }>>();
    for (const t of await this.deps.store.listPersonTracks(personId)) (out.get(t.assetId) ?? out.set(t.assetId, []).get(t.assetId)!).push({ startMs: t.startMs, endMs: t.endMs });
    return out;
  }

  #needGrouping(): void {
    if (!this.deps.grouping) throw new AppError('faces.disabled', 'Face grouping is switched off on this deployment (CUTAWAY_FACE_GROUPING=off)');
  }

  async #person(id: string) {
    const p = await this.deps.store.getPerson(id);
    if (!p) throw new AppError('person.not_found', `No person ${id}`, { id });
    return p;
  }

  async #tracks(ids: readonly string[]): Promise<StoredFaceTrack[]> {
    const tracks = await this.deps.store.getTracks(ids);
    const missing = ids.filter((i) => !tracks.some((t) => t.id === i));
    if (missing.length) throw new AppError('face.not_found', `No face track ${missing[0]}`, { ids: missing });
    return tracks;
  }

  async #newPerson(name: string | null): Promise<string> {
    const id = this.deps.ids.newId();
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.createPerson({ id, name, createdAt: now, updatedAt: now });
    return id;
  }

  async #confirmTracks(personId: string, trackIds: readonly string[]): Promise<void> {
    await this.#tracks(trackIds);
    await this.deps.store.assignTracks(trackIds, personId, 'confirmed');
  }

  /** Moves every track of `from` to `to` (statuses kept), deletes the emptied people; returns the assets touched. */
  async #moveAll(from: readonly string[], to: string): Promise<string[]> {
    const assets: string[] = [];
    for (const f of from) {
      for (const status of ['suggested', 'confirmed'] as const) {
        const tracks = (await this.deps.store.listPersonTracks(f)).filter((t) => t.status === status);
        await this.deps.store.assignTracks(tracks.map((t) => t.id), to, status);
        assets.push(...tracks.map((t) => t.assetId));
      }
    }
    await this.deps.store.deleteEmptyPeople();
    return assets;
  }

  async #reindexPerson(id: string): Promise<void> {
    await this.#reindexAssets((await this.deps.store.listPersonTracks(id)).map((t) => t.assetId));
  }

  async #reindexAssets(assetIds: readonly string[]): Promise<void> {
    for (const a of new Set(assetIds)) await this.reindexAsset(a);
  }

  #changed(change: 'name' | 'confirm' | 'reject' | 'merge' | 'split' | 'delete', personIds: readonly string[], assetIds: readonly string[]): void {
    this.deps.events?.publish({ type: 'person.updated', change, personIds: [...new Set(personIds)], assetIds: [...new Set(assetIds)] });
  }

  async #audit(actor: Actor, action: string, details: Record<string, unknown>, assetId: string | null = null): Promise<void> {
    await this.deps.audit?.record({ actor, channel: actor ? 'http' : 'system', action, assetId, details });
  }
}

function toPerson(s: PersonSummary): Person {
  return {
    id: s.id, name: s.name, trackCount: s.trackCount, assetCount: s.assetCount, confirmedCount: s.confirmedCount,
    thumbnailUrl: s.bestTrackId ? faceThumbnailUrl(s.bestTrackId) : null, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

function toTrack(t: StoredFaceTrack): FaceTrack {
  return {
    id: t.id, assetId: t.assetId, personId: t.personId, status: t.status, startMs: t.startMs, endMs: t.endMs, box: t.box, quality: t.quality,
    thumbnailUrl: t.thumbnailKey ? faceThumbnailUrl(t.id) : null,
  };
}
