import { AppError, AuditQuerySchema, type AuditChannel, type AuditPage, type AuditQueryInput, type AuditRecord, type TokenInfo } from '@cutaway/shared';
import type { AuditStore } from '../ports/audit-store';
import type { Clock, IdGenerator } from '../ports/clock';

/** What a front end reports about one write; the service adds id and time and stores it. */
export interface AuditEntry {
  /** The authenticated caller; null for writes no token made (system housekeeping). */
  actor: Pick<TokenInfo, 'id' | 'name'> | null;
  channel: AuditChannel;
  action: string;
  assetId?: string | null;
  remoteAddress?: string | null;
  status?: number | null;
  details?: Record<string, unknown> | null;
}

const MAX_TEXT = 200;
/** NUL cannot be stored in PostgreSQL text; control characters have no place in a log line either. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
const clean = (s: string, max = MAX_TEXT) => s.replace(CONTROL, ' ').slice(0, max);
const ID = /^[a-z0-9][a-z0-9_-]{5,63}$/i;

/**
 * The audit trail (issue 7 "Access"): every write, by whom (token id and name as they were then), what,
 * on which asset, from where, when and with what outcome. One service for every front end: the HTTP layer
 * records each write request; the MCP server and the assistant record their tool calls with their own channel.
 */
export class AuditService {
  constructor(private readonly deps: { store: AuditStore; clock: Clock; ids: IdGenerator }) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const record: AuditRecord = {
      id: this.deps.ids.newId(),
      at: this.deps.clock.now().toISOString(),
      tokenId: entry.actor?.id ?? null,
      tokenName: entry.actor ? clean(entry.actor.name) : null,
      channel: entry.channel,
      action: clean(entry.action) || 'unknown',
      // Only well-formed ids: an action on a path like /assets/<garbage> names no asset.
      assetId: entry.assetId && ID.test(entry.assetId) ? entry.assetId : null,
      remoteAddress: entry.remoteAddress ? clean(entry.remoteAddress, 100) : null,
      status: entry.status ?? null,
      details: entry.details ? boundedDetails(entry.details) : null,
    };
    await this.deps.store.append(record);
    return record;
  }

  /** Newest first; a bad filter is a request.invalid listing the fields, whichever front end asked. */
  list(query: AuditQueryInput): Promise<AuditPage> {
    const parsed = AuditQuerySchema.safeParse(query);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ path: ['query', ...i.path.map(String)].join('.'), message: i.message }));
      return Promise.reject(new AppError('request.invalid', `Invalid audit query: ${fields.map((f) => f.path).join(', ')}`, fields));
    }
    return this.deps.store.list(parsed.data);
  }
}

/** Details stay small (a log line, not a payload store) and free of NUL, which PostgreSQL jsonb refuses. */
function boundedDetails(details: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.stringify(details).replace(/\\u0000/g, ' ');
  return json.length <= 4000 ? (JSON.parse(json) as Record<string, unknown>) : { truncated: true, bytes: json.length };
}
