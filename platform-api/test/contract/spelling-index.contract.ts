import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpellingIndex } from '../../src/ports/spelling-index';
import { deletionKeys } from '../../src/rules/spelling';
import { SpellingService } from '../../src/services/spelling/spelling-service';

/** What every SpellingIndex adapter must do. */
export function runSpellingIndexContract(label: string, make: () => Promise<{ index: SpellingIndex; close: () => Promise<void> }>) {
  describe(`SpellingIndex contract: ${label}`, () => {
    let index: SpellingIndex;
    let close: () => Promise<void>;
    beforeEach(async () => ({ index, close } = await make()));
    afterEach(async () => close());

    it('finds every known word within one edit, with counts that add up', async () => {
      await index.add(['nakamura', 'kowalski', 'harbour', 'nakamura']);
      await index.add(['nakamura', 'kowalska']);
      const near = await index.lookup(deletionKeys('nakamra'));
      expect(near).toEqual([{ word: 'nakamura', count: 3 }]);
      const k = (await index.lookup(deletionKeys('kowalsky'))).sort((a, b) => a.word.localeCompare(b.word));
      expect(k).toEqual([{ word: 'kowalska', count: 1 }, { word: 'kowalski', count: 1 }]);
      expect(await index.lookup(deletionKeys('volcano'))).toEqual([]);
      expect(await index.lookup([])).toEqual([]);
      await index.add([]);
    });

    it('takes concurrent writers of the same words without losing a count', async () => {
      await Promise.all(Array.from({ length: 8 }, () => index.add(['castellano', 'abernathy', 'castellano'])));
      expect(await index.lookup(deletionKeys('castelano'))).toEqual([{ word: 'castellano', count: 16 }]);
    });

    it('corrects typed words through the service: one edit of every kind, never a known or short word', async () => {
      await index.add(['okonkwo', 'fitzgerald', 'lindqvist', 'quill', 'fire', 'bridge']);
      const spelling = new SpellingService({ spelling: index });
      expect(await spelling.corrections('Okonkow Fitzgerlad Lindquist Lindqvist')).toEqual(new Map([['okonkow', 'okonkwo'], ['fitzgerlad', 'fitzgerald'], ['lindquist', 'lindqvist']]));
      expect(await spelling.corrections('quil fira bridge')).toEqual(new Map());
    });
  });
}
