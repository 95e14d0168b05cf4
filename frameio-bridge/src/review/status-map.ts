import type { ReviewStatus } from '@cutaway/shared';

/**
 * V4 has no label: review status is the built-in "Status" select metadata field, whose options are
 * display names such as Needs Review / In Progress / Approved / Changes Requested (docs/frameio.md §1.7).
 * Matched on normalised words so "Changes requested" and "Needs changes" both count.
 */
const RULES: ReadonlyArray<[RegExp, ReviewStatus]> = [
  [/\bapprov/, 'approved'],
  [/\b(changes?|reject|revis|declin)/, 'needs_changes'],
  [/\b(review|progress|pending|open)/, 'in_review'],
];

export const STATUS_FIELD_NAME = 'status';

export function mapStatusLabel(label: string | null): ReviewStatus {
  if (!label) return 'none';
  const text = label.toLowerCase();
  for (const [pattern, status] of RULES) if (pattern.test(text)) return status;
  return 'none';
}
