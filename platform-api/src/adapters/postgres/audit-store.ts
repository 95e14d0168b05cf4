import { AuditRecordSchema, type AuditPage, type AuditQuery, type AuditRecord } from '@cutaway/shared';
import type { AuditStore } from '../../ports/audit-store';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { mapJsonbError } from './catalog.tx';
import type { PgPool } from './database';

interface AuditRow {
  id: string;
  at: Date;
  token_id: string | null;
  token_name: string | null;
  channel: string;
  action: string;
  asset_id: string | null;
  remote_address: string | null;
  status: number | null;
  details: Record<string, unknown> | null;
}

const toRecord = (r: AuditRow): AuditRecord =>
  AuditRecordSchema.parse({
    id: r.id, at: r.at.toISOString(), tokenId: r.token_id, tokenName: r.token_name, channel: r.channel, action: r.action,
    assetId: r.asset_id, remoteAddress: r.remote_address, status: r.status, details: r.details,
  });

/** The audit trail on PostgreSQL; the twin of SqliteAuditStore, held to the same contract suite. */
export class PgAuditStore implements AuditStore {
  constructor(private readonly pool: PgPool) {}

  async append(r: AuditRecord): Promise<void> {
    await this.pool
      .query(
        `INSERT INTO audit_log (id, at, token_id, token_name, channel, action, asset_id, remote_address, status, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.id, r.at, r.tokenId, r.tokenName, r.channel, r.action, r.assetId, r.remoteAddress, r.status, r.details === null ? null : JSON.stringify(r.details)],
      )
      .catch((err: unknown) => {
        throw mapJsonbError(err);
      });
  }

  async list(q: AuditQuery): Promise<AuditPage> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    if (q.tokenId) where.push(`token_id = ${arg(q.tokenId)}`);
    if (q.assetId) where.push(`asset_id = ${arg(q.assetId)}`);
    if (q.action) where.push(`action = ${arg(q.action)}`);
    if (q.channel) where.push(`channel = ${arg(q.channel)}`);
    if (q.from) where.push(`at >= ${arg(q.from)}::timestamptz`);
    if (q.to) where.push(`at < ${arg(q.to)}::timestamptz`);
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 2);
      where.push(`(at, id) < (${arg(String(at))}::timestamptz, ${arg(String(id))})`);
    }
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${arg(q.limit + 1)}`,
      args,
    );
    const page = rows.slice(0, q.limit).map(toRecord);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > q.limit && last ? encodeCursor([last.at, last.id]) : null };
  }
}
