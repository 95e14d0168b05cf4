import type { DescribedTrack, PeopleStore, PersonSummary, StoredFaceTrack, StoredPerson } from '../../ports/people-store';
import { bytesToDescriptor, descriptorToBytes, nameKey } from '../common/face-descriptor';
import type { SqliteDb } from './database';

interface TrackRow {
  id: string;
  asset_id: string;
  person_id: string | null;
  status: string;
  start_ms: number;
  end_ms: number;
  box: string;
  quality: number;
  descriptor: Buffer | null;
  thumbnail_key: string | null;
  created_at: string;
}
interface PersonRow {
  id: string;
  name: string | null;
  created_at: string;
  updated_at: string;
}

const toTrack = (r: TrackRow): StoredFaceTrack => ({
  id: r.id, assetId: r.asset_id, personId: r.person_id, status: r.status as StoredFaceTrack['status'], startMs: r.start_ms, endMs: r.end_ms,
  box: JSON.parse(r.box) as StoredFaceTrack['box'], quality: r.quality, descriptor: bytesToDescriptor(r.descriptor), thumbnailKey: r.thumbnail_key, createdAt: r.created_at,
});
const toPerson = (r: PersonRow): StoredPerson => ({ id: r.id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at });

/** Counts and best track per person in one pass; confirmed tracks represent a person before suggestions. */
const SUMMARY = `
  SELECT p.id, p.name, p.created_at, p.updated_at,
    (SELECT COUNT(*) FROM face_tracks t WHERE t.person_id = p.id) AS track_count,
    (SELECT COUNT(DISTINCT t.asset_id) FROM face_tracks t WHERE t.person_id = p.id) AS asset_count,
    (SELECT COUNT(*) FROM face_tracks t WHERE t.person_id = p.id AND t.status = 'confirmed') AS confirmed_count,
    (SELECT t.id FROM face_tracks t WHERE t.person_id = p.id ORDER BY t.status = 'confirmed' DESC, t.quality DESC, t.id LIMIT 1) AS best_track_id
  FROM face_people p`;

type SummaryRow = PersonRow & { track_count: number; asset_count: number; confirmed_count: number; best_track_id: string | null };
const toSummary = (r: SummaryRow): PersonSummary => ({
  ...toPerson(r), trackCount: Number(r.track_count), assetCount: Number(r.asset_count), confirmedCount: Number(r.confirmed_count), bestTrackId: r.best_track_id,
});

export class SqlitePeopleStore implements PeopleStore {
  constructor(private readonly db: SqliteDb) {}

  async replaceAssetTracks(assetId: string, tracks: readonly StoredFaceTrack[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT INTO face_tracks (id, asset_id, person_id, status, start_ms, end_ms, box, quality, descriptor, thumbnail_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM face_rejections WHERE track_id IN (SELECT id FROM face_tracks WHERE asset_id = ?)').run(assetId);
      this.db.prepare('DELETE FROM face_tracks WHERE asset_id = ?').run(assetId);
      for (const t of tracks) {
        insert.run(t.id, assetId, t.personId, t.status, t.startMs, t.endMs, JSON.stringify(t.box), t.quality, t.descriptor ? descriptorToBytes(t.descriptor) : null, t.thumbnailKey, t.createdAt);
      }
    })();
  }

  async listAssetTracks(assetId: string): Promise<StoredFaceTrack[]> {
    return (this.db.prepare('SELECT * FROM face_tracks WHERE asset_id = ? ORDER BY start_ms, id').all(assetId) as TrackRow[]).map(toTrack);
  }

  async getTracks(ids: readonly string[]): Promise<StoredFaceTrack[]> {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT * FROM face_tracks WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY asset_id, start_ms, id`).all(...ids) as TrackRow[];
    return rows.map(toTrack);
  }

  async listPersonTracks(personId: string): Promise<StoredFaceTrack[]> {
    return (this.db.prepare('SELECT * FROM face_tracks WHERE person_id = ? ORDER BY asset_id, start_ms, id').all(personId) as TrackRow[]).map(toTrack);
  }

  async describedTracks(): Promise<DescribedTrack[]> {
    const rows = this.db.prepare('SELECT id, asset_id, person_id, descriptor FROM face_tracks WHERE descriptor IS NOT NULL AND person_id IS NOT NULL ORDER BY id').all() as TrackRow[];
    return rows.map((r) => ({ id: r.id, assetId: r.asset_id, personId: r.person_id, descriptor: bytesToDescriptor(r.descriptor)! }));
  }

  async assignTracks(ids: readonly string[], personId: string | null, status: 'suggested' | 'confirmed'): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.prepare(`UPDATE face_tracks SET person_id = ?, status = ? WHERE id IN (${ids.map(() => '?').join(',')})`).run(personId, status, ...ids).changes;
  }

  async clearAssetDescriptors(assetId: string): Promise<void> {
    this.db.prepare("UPDATE face_tracks SET descriptor = NULL, person_id = NULL, status = 'suggested' WHERE asset_id = ?").run(assetId);
  }

  async createPerson(p: StoredPerson): Promise<void> {
    this.db.prepare('INSERT INTO face_people (id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(p.id, p.name, p.name ? nameKey(p.name) : null, p.createdAt, p.updatedAt);
  }

  async getPerson(id: string): Promise<StoredPerson | null> {
    const r = this.db.prepare('SELECT * FROM face_people WHERE id = ?').get(id) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  async findPersonByName(name: string): Promise<StoredPerson | null> {
    const r = this.db.prepare('SELECT * FROM face_people WHERE name_key = ?').get(nameKey(name)) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  async listPeople(options: { named?: boolean; limit: number }): Promise<PersonSummary[]> {
    const where = options.named === undefined ? '' : options.named ? ' WHERE p.name IS NOT NULL' : ' WHERE p.name IS NULL';
    const rows = this.db.prepare(`SELECT * FROM (${SUMMARY}${where}) ORDER BY name IS NULL, track_count DESC, id LIMIT ?`).all(options.limit) as SummaryRow[];
    return rows.map(toSummary);
  }

  async summary(id: string): Promise<PersonSummary | null> {
    const r = this.db.prepare(`${SUMMARY} WHERE p.id = ?`).get(id) as SummaryRow | undefined;
    return r ? toSummary(r) : null;
  }

  async renamePerson(id: string, name: string | null, updatedAt: string): Promise<boolean> {
    return this.db.prepare('UPDATE face_people SET name = ?, name_key = ?, updated_at = ? WHERE id = ?').run(name, name ? nameKey(name) : null, updatedAt, id).changes > 0;
  }

  async deletePerson(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare("UPDATE face_tracks SET person_id = NULL, descriptor = NULL, thumbnail_key = NULL, status = 'suggested' WHERE person_id = ?").run(id);
      this.db.prepare('DELETE FROM face_rejections WHERE person_id = ?').run(id);
      return this.db.prepare('DELETE FROM face_people WHERE id = ?').run(id).changes > 0;
    })();
  }

  async deleteEmptyPeople(): Promise<number> {
    return this.db.prepare('DELETE FROM face_people WHERE NOT EXISTS (SELECT 1 FROM face_tracks t WHERE t.person_id = face_people.id)').run().changes;
  }

  async addRejections(trackIds: readonly string[], personId: string): Promise<void> {
    const insert = this.db.prepare('INSERT OR IGNORE INTO face_rejections (track_id, person_id) VALUES (?, ?)');
    this.db.transaction(() => trackIds.forEach((t) => insert.run(t, personId)))();
  }

  async rejections(trackIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (trackIds.length === 0) return out;
    const rows = this.db.prepare(`SELECT track_id, person_id FROM face_rejections WHERE track_id IN (${trackIds.map(() => '?').join(',')})`).all(...trackIds) as Array<{ track_id: string; person_id: string }>;
    for (const r of rows) (out.get(r.track_id) ?? out.set(r.track_id, new Set()).get(r.track_id)!).add(r.person_id);
    return out;
  }

  async setGrouping(assetId: string, enabled: boolean): Promise<void> {
    if (enabled) this.db.prepare('DELETE FROM face_grouping_off WHERE asset_id = ?').run(assetId);
    else this.db.prepare('INSERT OR IGNORE INTO face_grouping_off (asset_id) VALUES (?)').run(assetId);
  }

  async groupingEnabled(assetId: string): Promise<boolean> {
    return !this.db.prepare('SELECT 1 FROM face_grouping_off WHERE asset_id = ?').pluck().get(assetId);
  }

  async namedPeople(): Promise<Array<{ id: string; name: string }>> {
    return this.db.prepare('SELECT id, name FROM face_people WHERE name IS NOT NULL ORDER BY id').all() as Array<{ id: string; name: string }>;
  }
}
