import { ApprovalSchema, DeliverySchema, RenderSchema, SelectionSchema, type Approval, type Delivery, type Render, type Selection } from '@cutaway/shared';
import type { DeliveryStore, StoredApprovalQuery } from '../../ports/delivery-store';
import { approvalFilter } from '../../rules/approval-queue';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { PgPool } from './database';

export class PgDeliveryStore implements DeliveryStore {
  constructor(private readonly pool: PgPool) {}

  private async doc(table: string, id: string): Promise<unknown> {
    const { rows } = await this.pool.query<{ doc: unknown }>(`SELECT doc FROM ${table} WHERE id = $1`, [id]);
    return rows[0]?.doc ?? null;
  }

  async createSelection(s: Selection): Promise<void> {
    await this.pool.query('INSERT INTO delivery_selections (id, created_at, doc) VALUES ($1, $2, $3)', [s.id, s.createdAt, JSON.stringify(s)]);
  }
  async getSelection(id: string): Promise<Selection | null> {
    const d = await this.doc('delivery_selections', id);
    return d ? SelectionSchema.parse(d) : null;
  }

  async createRender(r: Render): Promise<void> {
    await this.pool.query('INSERT INTO delivery_renders (id, created_at, doc) VALUES ($1, $2, $3)', [r.id, r.createdAt, JSON.stringify(r)]);
  }
  async getRender(id: string): Promise<Render | null> {
    const d = await this.doc('delivery_renders', id);
    return d ? RenderSchema.parse(d) : null;
  }
  async updateRender(r: Render): Promise<boolean> {
    return ((await this.pool.query('UPDATE delivery_renders SET doc = $1 WHERE id = $2', [JSON.stringify(r), r.id])).rowCount ?? 0) > 0;
  }

  async createApproval(a: Approval): Promise<void> {
    await this.pool.query('INSERT INTO delivery_approvals (id, render_id, status, created_at, requested_by, expires_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [a.id, a.renderId, a.status, a.createdAt, a.requestedBy.id, a.expiresAt, JSON.stringify(a)]);
  }
  async getApproval(id: string): Promise<Approval | null> {
    const d = await this.doc('delivery_approvals', id);
    return d ? ApprovalSchema.parse(d) : null;
  }
  async decidePending(next: Approval): Promise<boolean> {
    const r = await this.pool.query("UPDATE delivery_approvals SET status = $1, doc = $2 WHERE id = $3 AND status = 'pending'", [next.status, JSON.stringify(next), next.id]);
    return (r.rowCount ?? 0) > 0;
  }

  async listApprovals(q: StoredApprovalQuery): Promise<{ items: Approval[]; nextCursor: string | null }> {
    let n = 0;
    const next = () => `$${++n}`;
    const { where, args } = approvalFilter(q, next);
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 2);
      const a = next();
      where.push(`(created_at < ${a} OR (created_at = ${a} AND id < ${next()}))`);
      args.push(String(at), String(id));
    }
    const { rows } = await this.pool.query<{ doc: unknown }>(
      `SELECT doc FROM delivery_approvals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ${next()}`,
      [...args, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map((r) => ApprovalSchema.parse(r.doc));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async createDeliveryOnce(d: Delivery): Promise<{ delivery: Delivery; created: boolean }> {
    const r = await this.pool.query('INSERT INTO delivery_deliveries (id, approval_id, created_at, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (approval_id) DO NOTHING', [d.id, d.approvalId, d.createdAt, JSON.stringify(d)]);
    if ((r.rowCount ?? 0) > 0) return { delivery: d, created: true };
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM delivery_deliveries WHERE approval_id = $1', [d.approvalId]);
    return { delivery: DeliverySchema.parse(rows[0]!.doc), created: false };
  }
  async getDelivery(id: string): Promise<Delivery | null> {
    const d = await this.doc('delivery_deliveries', id);
    return d ? DeliverySchema.parse(d) : null;
  }
  async updateDelivery(d: Delivery): Promise<void> {
    await this.pool.query('UPDATE delivery_deliveries SET doc = $1 WHERE id = $2', [JSON.stringify(d), d.id]);
  }
}
