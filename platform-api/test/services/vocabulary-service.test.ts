import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { SqliteVocabularyStore } from '../../src/adapters/sqlite/vocabulary-store';
import { VocabularyService } from '../../src/services/vocabulary-service';
import { serviceFixture } from './fixture';

describe('VocabularyService', () => {
  let fx: Awaited<ReturnType<typeof serviceFixture>>;
  let vocab: VocabularyService;
  beforeEach(async () => {
    fx = await serviceFixture();
    vocab = new VocabularyService({ store: new SqliteVocabularyStore(fx.db), clock: fx.clock, ids: fx.ids });
    await vocab.create({ terms: ['Harbor Bridge', 'Old Port Crossing'], note: 'renamed 2019' });
    await vocab.create({ terms: ['Sjöberg', 'Sjoberg', 'Shoberg'], note: '' });
  });
  afterEach(async () => fx.close());

  it('rewrites a multi-word name into its aliases as phrases', async () => {
    const v = await vocab.variants('traffic on the harbor bridge');
    expect(v).toEqual([
      { q: 'traffic on the harbor bridge', alias: null },
      { q: 'traffic on the "Old Port Crossing"', alias: { term: 'Harbor Bridge', alias: 'Old Port Crossing' } },
    ]);
  });

  it('matches whole words only, and unicode names', async () => {
    expect(await vocab.variants('harbor bridges')).toHaveLength(1);
    const v = await vocab.variants('mayor sjöberg');
    expect(v.map((x) => x.q)).toEqual(['mayor sjöberg', 'mayor Sjoberg', 'mayor Shoberg']);
  });

  it('edits and deletes entries with typed errors for unknown ids', async () => {
    const [first] = await vocab.list();
    await vocab.replace(first!.id, { terms: ['Harbor Bridge', 'Port Bridge'], note: '' });
    expect((await vocab.variants('harbor bridge')).map((x) => x.q)).toEqual(['harbor bridge', '"Port Bridge"']);
    await vocab.delete(first!.id);
    expect(await vocab.variants('harbor bridge')).toHaveLength(1);
    await expect(vocab.delete(first!.id)).rejects.toSatisfy((e) => isAppError(e, 'vocabulary.not_found'));
  });
});
