import { AuditRecordSchema, type AuditPage, type AuditQuery, type AuditRecord } from '@cutaway/shared';
import type { AuditStore } from '../../ports/audit-store';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { SqliteDb } from './database';

interface AuditRow {
  id: string;
  at: string;
  token_id: string | null;
  token_name: string | null;
  channel: string;
  action: string;
  asset_id: string | null;
  remote_address: string | null;
  status: number | null;
  details: string | null;
}

const toRecord = (r: AuditRow): AuditRecord =>
  AuditRecordSchema.parse({
    id: r.id, at: r.at, tokenId: r.token_id, tokenName: r.token_name, channel: r.channel, action: r.action,
    assetId: r.asset_id, remoteAddress: r.remote_address, status: r.status, details: r.details === null ? null : JSON.parse(r.details),
  });

/** The audit trail in the catalog file; the twin of PgAuditStore, held to the same contract suite. */
export class SqliteAuditStore implements AuditStore {
  constructor(private readonly db: SqliteDb) {}

  async append(r: AuditRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO audit_log (id, at, token_id, token_name, channel, action, asset_id, remote_address, status, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.at, r.tokenId, r.tokenName, r.channel, r.action, r.assetId, r.remoteAddress, r.status, r.details === null ? null : JSON.stringify(r.details));
  }

  async list(q: AuditQuery): Promise<AuditPage> {
    const where: string[] = [];
    const args: Record<string, string | number> = { limit: q.limit + 1 };
    const filters: Array<[string, string | undefined]> = [
      ['token_id = @tokenId', q.tokenId], ['asset_id = @assetId', q.assetId], ['action = @action', q.action], ['channel = @channel', q.channel],
      ['at >= @from', q.from && normalise(q.from)], ['at < @to', q.to && normalise(q.to)],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      args[/@(\w+)/.exec(clause)![1]!] = value;
    }
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 2);
      where.push('(at < @cAt OR (at = @cAt AND id < @cId))');
      args.cAt = String(at);
      args.cId = String(id);
    }
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT @limit`)
      .all(args) as AuditRow[];
    const page = rows.slice(0, q.limit).map(toRecord);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > q.limit && last ? encodeCursor([last.at, last.id]) : null };
  }
}

/** Times are stored as UTC ISO strings (sortable as text); filters given with an offset are brought to the same form. */
export const normalise = (iso: string): string => new Date(iso).toISOString();
