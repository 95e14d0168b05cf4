import { AppError, type MomentKind } from '@cutaway/shared';
import type { IndexResult } from '../ports/search-index';

/**
 * Engine-neutral search vocabulary and the page cursor: both the SQLite and the PostgreSQL
 * search indexes speak it, so neither engine imports the other (docs/architecture.md, "Which way
 * dependencies point").
 */
export const KINDS: readonly MomentKind[] = ['speech', 'ocr', 'shot', 'tag', 'marker'];
export const FIELDS = ['title', 'description', 'tags', 'fileName'] as const;
export type Field = (typeof FIELDS)[number];

export type Plan = IndexResult['plan'];

/** The kinds to filter on, or null when no kind filter narrows anything. */
export function kindFilter(kinds: readonly MomentKind[] | undefined): MomentKind[] | null {
  const wanted = KINDS.filter((k) => kinds?.includes(k));
  return wanted.length === 0 || wanted.length === KINDS.length ? null : wanted;
}

/** Opaque page position: the plan is pinned so later pages rank the same way as the first. */
export interface Cursor {
  plan: Plan;
  offset: number;
  /** Two-stage only: indexes of the terms stage 1 ranks by. */
  stage1?: number[];
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.plan, c.offset, c.stage1 ?? []])).toString('base64url');

export function decodeCursor(raw: string | undefined, termCount: number): Cursor | null {
  if (raw === undefined) return null;
  const invalid = () => new AppError('search.query_invalid', 'Invalid cursor');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch (err) {
    throw new AppError('search.query_invalid', 'Invalid cursor', undefined, { cause: err });
  }
  if (!Array.isArray(v) || v.length !== 3) throw invalid();
  const [plan, offset, stage1] = v as [unknown, unknown, unknown];
  const okPlan = plan === 'exact' || plan === 'two_stage' || plan === 'recent';
  const okStage1 = Array.isArray(stage1) && stage1.every((i) => Number.isInteger(i) && i >= 0 && i < termCount);
  if (!okPlan || !Number.isSafeInteger(offset) || (offset as number) < 0 || !okStage1) throw invalid();
  return { plan, offset: offset as number, stage1: stage1 as number[] };
}
