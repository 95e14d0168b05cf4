import type { Moment, SearchQuery, SearchResult } from '@cutaway/shared';
import type { PeopleService } from './people-service';
import { timecodesFor } from '../moments';

const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) => a.startMs < b.endMs && b.startMs < a.endMs;

/** Moments per asset looked at before keeping those on screen with the person (the query schema's maximum). */
const WIDE_MOMENTS = 20;

/**
 * "mayor bridge" (issue 17): the rest of the query ("bridge") searched as usual, keeping only
 * the moments that overlap the named person's face tracks, with those face moments beside them:
 * the mayor is on screen while "bridge" is said or shown. One page (no cursor): the filter runs
 * after ranking.
 */
export async function searchWithPerson(
  search: (q: SearchQuery) => Promise<SearchResult>,
  people: PeopleService,
  person: { id: string; name: string; rest: string },
  q: SearchQuery,
): Promise<SearchResult> {
  const started = performance.now();
  const onScreen = await people.intervals(person.id);
  const inner = await search({ ...q, q: person.rest, limit: 50, moments: WIDE_MOMENTS, cursor: undefined });
  const items = inner.items.flatMap((hit) => {
    const faces = onScreen.get(hit.asset.id);
    if (!faces) return [];
    const during = hit.moments.filter((m) => m.kind !== 'face' && faces.some((f) => overlaps(f, m)));
    if (during.length === 0) return [];
    const faceMoments: Moment[] = faces
      .filter((f) => during.some((m) => overlaps(f, m)))
      .map((f) => ({ ...during[0]!, kind: 'face', startMs: f.startMs, endMs: f.endMs, text: `seen: ${person.name}`, highlighted: `seen: <mark>${escape(person.name)}</mark>`, matchedBy: 'lexical', confidence: null, score: 0, ...timecodesFor(hit.asset, f.startMs, f.endMs) }));
    return [{ ...hit, moments: [...during, ...faceMoments].slice(0, Math.max(q.moments, 2)) }];
  });
  return { ...inner, items: items.slice(0, q.limit), nextCursor: null, tookMs: Math.round((performance.now() - started) * 100) / 100 };
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
