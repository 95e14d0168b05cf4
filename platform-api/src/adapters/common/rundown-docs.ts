import type { Rundown, RundownLink, RundownSummary } from '@cutaway/shared';

/**
 * Engine-neutral shaping of stored running orders, imported by the SQLite and PostgreSQL adapters
 * alike so both answer the contract suite identically.
 */
export function summarize(r: Rundown): RundownSummary {
  const { stories, ...rest } = r;
  return { ...rest, storyCount: stories.length, itemCount: stories.reduce((n, s) => n + s.items.length, 0) };
}

/** One row per item that plays an asset, in story and item order (`ord` keeps that order in SQL). */
export function rundownLinks(r: Rundown): Array<{ ord: number; link: RundownLink }> {
  const out: Array<{ ord: number; link: RundownLink }> = [];
  let ord = 0;
  for (const story of r.stories) {
    for (const item of story.items) {
      ord += 1;
      if (!item.assetId) continue;
      out.push({
        ord,
        link: {
          assetId: item.assetId, nrcs: r.nrcs, mosId: item.mosId, roId: r.roId, storyId: story.storyId, itemId: item.itemId,
          slug: item.slug, airTime: r.airTime, inMs: item.inMs, outMs: item.outMs, rundownId: r.id, roSlug: r.slug, storySlug: story.slug,
        },
      });
    }
  }
  return out;
}

export const assetIdsOf = (r: Rundown): string[] => [...new Set(rundownLinks(r).map((l) => l.link.assetId))];
