import type { DescribedTrack, PeopleStore, PersonSummary, StoredFaceTrack, StoredPerson } from '../../ports/people-store';
import { bytesToDescriptor, descriptorToBytes, nameKey } from '../common/face-descriptor';
import { withTransaction } from './catalog.tx';
import type { PgPool } from './database';

interface TrackRow {
  id: string;
  asset_id: string;
  person_id: string | null;
  status: string;
  start_ms: string | number;
  end_ms: string | number;
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
  id: r.id, assetId: r.asset_id, personId: r.person_id, status: r.status as StoredFaceTrack['status'], startMs: Number(r.start_ms), endMs: Number(r.end_ms),
  box: JSON.parse(r.box) as StoredFaceTrack['box'], quality: Number(r.quality), descriptor: bytesToDescriptor(r.descriptor), thumbnailKey: r.thumbnail_key, createdAt: r.created_at,
});
const toPerson = (r: PersonRow): StoredPerson => ({ id: r.id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at });

const SUMMARY = `
  SELECT p.id, p.name, p.created_at, p.updated_at,
    (SELECT COUNT(*) FROM face_tracks t WHERE t.person_id = p.id) AS track_count,
    (SELECT COUNT(DISTINCT t.asset_id) FROM face_tracks t WHERE t.person_id = p.id) AS asset_count,
    (SELECT COUNT(*) FROM face_tracks t WHERE t.person_id = p.id AND t.status = 'confirmed') AS confirmed_count,
    (SELECT t.id FROM face_tracks t WHERE t.person_id = p.id ORDER BY t.status = 'confirmed' DESC, t.quality DESC, t.id LIMIT 1) AS best_track_id
  FROM face_people p`;

type SummaryRow = PersonRow & { track_count: string; asset_count: string; confirmed_count: string; best_track_id: string | null };
const toSummary = (r: SummaryRow): PersonSummary => ({
  ...toPerson(r), trackCount: Number(r.track_count), assetCount: Number(r.asset_count), confirmedCount: Number(r.confirmed_count), bestTrackId: r.best_track_id,
});

export class PgPeopleStore implements PeopleStore {
  constructor(private readonly pool: PgPool) {}

  async replaceAssetTracks(assetId: string, tracks: readonly StoredFaceTrack[]): Promise<void> {
    await withTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM face_rejections WHERE track_id IN (SELECT id FROM face_tracks WHERE asset_id = $1)', [assetId]);
      await c.query('DELETE FROM face_tracks WHERE asset_id = $1', [assetId]);
      for (const t of tracks) {
        await c.query(
          'INSERT INTO face_tracks (id, asset_id, person_id, status, start_ms, end_ms, box, quality, descriptor, thumbnail_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
          [t.id, assetId, t.personId, t.status, t.startMs, t.endMs, JSON.stringify(t.box), t.quality, t.descriptor ? descriptorToBytes(t.descriptor) : null, t.thumbnailKey, t.createdAt],
        );
      }
    });
  }

  async listAssetTracks(assetId: string): Promise<StoredFaceTrack[]> {
    return (await this.pool.query<TrackRow>('SELECT * FROM face_tracks WHERE asset_id = $1 ORDER BY start_ms, id', [assetId])).rows.map(toTrack);
  }

  async getTracks(ids: readonly string[]): Promise<StoredFaceTrack[]> {
    if (ids.length === 0) return [];
    return (await this.pool.query<TrackRow>('SELECT * FROM face_tracks WHERE id = ANY($1) ORDER BY asset_id, start_ms, id', [[...ids]])).rows.map(toTrack);
  }

  async listPersonTracks(personId: string): Promise<StoredFaceTrack[]> {
    return (await this.pool.query<TrackRow>('SELECT * FROM face_tracks WHERE person_id = $1 ORDER BY asset_id, start_ms, id', [personId])).rows.map(toTrack);
  }

  async describedTracks(): Promise<DescribedTrack[]> {
    const { rows } = await this.pool.query<TrackRow>('SELECT id, asset_id, person_id, descriptor FROM face_tracks WHERE descriptor IS NOT NULL AND person_id IS NOT NULL ORDER BY id');
    return rows.map((r) => ({ id: r.id, assetId: r.asset_id, personId: r.person_id, descriptor: bytesToDescriptor(r.descriptor)! }));
  }

  async assignTracks(ids: readonly string[], personId: string | null, status: 'suggested' | 'confirmed'): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.pool.query('UPDATE face_tracks SET person_id = $1, status = $2 WHERE id = ANY($3)', [personId, status, [...ids]])).rowCount ?? 0;
  }

  async clearAssetDescriptors(assetId: string): Promise<void> {
    await this.pool.query("UPDATE face_tracks SET descriptor = NULL, person_id = NULL, status = 'suggested' WHERE asset_id = $1", [assetId]);
  }

  async createPerson(p: StoredPerson): Promise<void> {
    await this.pool.query('INSERT INTO face_people (id, name, name_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)', [p.id, p.name, p.name ? nameKey(p.name) : null, p.createdAt, p.updatedAt]);
  }

  async getPerson(id: string): Promise<StoredPerson | null> {
    const { rows } = await this.pool.query<PersonRow>('SELECT * FROM face_people WHERE id = $1', [id]);
    return rows[0] ? toPerson(rows[0]) : null;
  }

  async findPersonByName(name: string): Promise<StoredPerson | null> {
    const { rows } = await this.pool.query<PersonRow>('SELECT * FROM face_people WHERE name_key = $1', [nameKey(name)]);
    return rows[0] ? toPerson(rows[0]) : null;
  }

  async listPeople(options: { named?: boolean; limit: number }): Promise<PersonSummary[]> {
    const where = options.named === undefined ? '' : options.named ? ' WHERE p.name IS NOT NULL' : ' WHERE p.name IS NULL';
    const { rows } = await this.pool.query<SummaryRow>(`SELECT * FROM (${SUMMARY}${where}) s ORDER BY name IS NULL, track_count DESC, id LIMIT $1`, [options.limit]);
    return rows.map(toSummary);
  }

  async summary(id: string): Promise<PersonSummary | null> {
    const { rows } = await this.pool.query<SummaryRow>(`${SUMMARY} WHERE p.id = $1`, [id]);
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async renamePerson(id: string, name: string | null, updatedAt: string): Promise<boolean> {
    return ((await this.pool.query('UPDATE face_people SET name = $2, name_key = $3, updated_at = $4 WHERE id = $1', [id, name, name ? nameKey(name) : null, updatedAt])).rowCount ?? 0) > 0;
  }

  async deletePerson(id: string): Promise<boolean> {
    return withTransaction(this.pool, async (c) => {
      await c.query("UPDATE face_tracks SET person_id = NULL, descriptor = NULL, thumbnail_key = NULL, status = 'suggested' WHERE person_id = $1", [id]);
      await c.query('DELETE FROM face_rejections WHERE person_id = $1', [id]);
      return ((await c.query('DELETE FROM face_people WHERE id = $1', [id])).rowCount ?? 0) > 0;
    });
  }

  async deleteEmptyPeople(): Promise<number> {
    return (await this.pool.query('DELETE FROM face_people p WHERE NOT EXISTS (SELECT 1 FROM face_tracks t WHERE t.person_id = p.id)')).rowCount ?? 0;
  }

  async addRejections(trackIds: readonly string[], personId: string): Promise<void> {
    if (trackIds.length === 0) return;
    await this.pool.query('INSERT INTO face_rejections (track_id, person_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING', [[...trackIds], personId]);
  }

  async rejections(trackIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (trackIds.length === 0) return out;
    const { rows } = await this.pool.query<{ track_id: string; person_id: string }>('SELECT track_id, person_id FROM face_rejections WHERE track_id = ANY($1)', [[...trackIds]]);
    for (const r of rows) (out.get(r.track_id) ?? out.set(r.track_id, new Set()).get(r.track_id)!).add(r.person_id);
    return out;
  }

  async setGrouping(assetId: string, enabled: boolean): Promise<void> {
    if (enabled) await this.pool.query('DELETE FROM face_grouping_off WHERE asset_id = $1', [assetId]);
    else await this.pool.query('INSERT INTO face_grouping_off (asset_id) VALUES ($1) ON CONFLICT DO NOTHING', [assetId]);
  }

  async groupingEnabled(assetId: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM face_grouping_off WHERE asset_id = $1', [assetId])).rowCount === 0;
  }

  async namedPeople(): Promise<Array<{ id: string; name: string }>> {
    return (await this.pool.query<{ id: string; name: string }>('SELECT id, name FROM face_people WHERE name IS NOT NULL ORDER BY id')).rows;
  }
}
