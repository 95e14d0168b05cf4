import { ApprovalSchema, DeliverySchema, RenderSchema, SelectionSchema, type Approval, type Delivery, type Render, type Selection } from '@cutaway/shared';
import type { DeliveryStore, StoredApprovalQuery } from '../../ports/delivery-store';
import { approvalFilter } from '../../rules/approval-queue';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { SqliteDb } from './database';

export class SqliteDeliveryStore implements DeliveryStore {
  constructor(private readonly db: SqliteDb) {}

  private doc(table: string, id: string): unknown {
    const d = this.db.prepare(`SELECT doc FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined;
    return d === undefined ? null : JSON.parse(d);
  }

  async createSelection(s: Selection): Promise<void> {
    this.db.prepare('INSERT INTO delivery_selections (id, created_at, doc) VALUES (?, ?, ?)').run(s.id, s.createdAt, JSON.stringify(s));
  }
  async getSelection(id: string): Promise<Selection | null> {
    const d = this.doc('delivery_selections', id);
    return d ? SelectionSchema.parse(d) : null;
  }

  async createRender(r: Render): Promise<void> {
    this.db.prepare('INSERT INTO delivery_renders (id, created_at, doc) VALUES (?, ?, ?)').run(r.id, r.createdAt, JSON.stringify(r));
  }
  async getRender(id: string): Promise<Render | null> {
    const d = this.doc('delivery_renders', id);
    return d ? RenderSchema.parse(d) : null;
  }
  async updateRender(r: Render): Promise<boolean> {
    return this.db.prepare('UPDATE delivery_renders SET doc = ? WHERE id = ?').run(JSON.stringify(r), r.id).changes > 0;
  }

  async createApproval(a: Approval): Promise<void> {
    this.db.prepare('INSERT INTO delivery_approvals (id, render_id, status, created_at, requested_by, expires_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(a.id, a.renderId, a.status, a.createdAt, a.requestedBy.id, a.expiresAt, JSON.stringify(a));
  }
  async getApproval(id: string): Promise<Approval | null> {
    const d = this.doc('delivery_approvals', id);
    return d ? ApprovalSchema.parse(d) : null;
  }
  async decidePending(next: Approval): Promise<boolean> {
    return this.db.prepare("UPDATE delivery_approvals SET status = ?, doc = ? WHERE id = ? AND status = 'pending'").run(next.status, JSON.stringify(next), next.id).changes > 0;
  }

  async listApprovals(q: StoredApprovalQuery): Promise<{ items: Approval[]; nextCursor: string | null }> {
    const { where, args } = approvalFilter(q, () => '?');
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 2);
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      args.push(String(at), String(at), String(id));
    }
    const docs = this.db
      .prepare(`SELECT doc FROM delivery_approvals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .pluck().all(...args, q.limit + 1) as string[];
    const items = docs.slice(0, q.limit).map((d) => ApprovalSchema.parse(JSON.parse(d)));
    const last = items.at(-1);
    return { items, nextCursor: docs.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async createDeliveryOnce(d: Delivery): Promise<{ delivery: Delivery; created: boolean }> {
    const created = this.db.prepare('INSERT INTO delivery_deliveries (id, approval_id, created_at, doc) VALUES (?, ?, ?, ?) ON CONFLICT (approval_id) DO NOTHING')
      .run(d.id, d.approvalId, d.createdAt, JSON.stringify(d)).changes > 0;
    if (created) return { delivery: d, created };
    const doc = this.db.prepare('SELECT doc FROM delivery_deliveries WHERE approval_id = ?').pluck().get(d.approvalId) as string;
    return { delivery: DeliverySchema.parse(JSON.parse(doc)), created };
  }
  async getDelivery(id: string): Promise<Delivery | null> {
    const d = this.doc('delivery_deliveries', id);
    return d ? DeliverySchema.parse(d) : null;
  }
  async updateDelivery(d: Delivery): Promise<void> {
    this.db.prepare('UPDATE delivery_deliveries SET doc = ? WHERE id = ?').run(JSON.stringify(d), d.id);
  }
}
