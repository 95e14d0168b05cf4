import type { Segment } from '@cutaway/shared';
import type { AssetDoc, SearchIndex } from '../../ports/search-index';
import type { SpellingIndex } from '../../ports/spelling-index';
import { spellingWords } from '../../rules/spelling';
import { isPhoneticRow } from '../phonetic/phonetic-index';

/**
 * The search index, with every word people can see fed to the spelling lexicon as it is written: asset
 * fields and the text of segments (not the hidden phonetic rows). A decorator, so neither engine's
 * search adapter changes. Words of deleted assets stay known: a correction to them finds nothing, which
 * costs one empty query, and counts only break ties between candidates.
 */
export function withSpellingFeed(index: SearchIndex, spelling: SpellingIndex): SearchIndex {
  return {
    async upsertAsset(doc: AssetDoc) {
      await index.upsertAsset(doc);
      await spelling.add(spellingWords([doc.title, doc.description, ...doc.tags].join(' ')));
    },
    async replaceSegments(assetId: string, source: string, segments: Segment[]) {
      await index.replaceSegments(assetId, source, segments);
      await spelling.add(segments.filter((s) => !isPhoneticRow(s)).flatMap((s) => spellingWords(s.text)));
    },
    listSegments: (assetId, kind, options) => index.listSegments(assetId, kind, options),
    deleteAsset: (assetId) => index.deleteAsset(assetId),
    search: (q) => index.search(q),
    tokenCounts: (tokens, filter) => index.tokenCounts(tokens, filter),
    segmentStamps: (assetIds) => index.segmentStamps(assetIds),
  };
}
