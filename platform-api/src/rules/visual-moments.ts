import type { MomentKind } from '@cutaway/shared';

/**
 * Face and object moments (issue 17) are stored in the search index as `tag` rows whose text starts
 * with a fixed prefix: the index keeps one FTS column per stored kind on both engines, and adding
 * kinds there means rebuilding both engines' search tables. Clients see `face` and `object`.
 */
export const FACE_PREFIX = 'seen:';
export const OBJECT_PREFIX = 'shown:';

/** The kind a stored row is shown as. */
export function visibleKind(kind: MomentKind, text: string): MomentKind {
  if (kind !== 'tag') return kind;
  if (text.startsWith(FACE_PREFIX)) return 'face';
  if (text.startsWith(OBJECT_PREFIX)) return 'object';
  return kind;
}

/** The kinds to ask the index for: face and object live in the tag column. */
export function storedKinds(kinds: readonly MomentKind[]): MomentKind[] {
  return [...new Set(kinds.map((k) => (k === 'face' || k === 'object' ? 'tag' : k)))];
}

/** Text of a face row: the person's name when known ("seen: Mayor"). */
export const faceText = (name: string | null) => `${FACE_PREFIX} ${name ?? 'unnamed face'}`;
