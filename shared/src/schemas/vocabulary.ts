import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';

/**
 * A group of names that mean the same thing: a venue renamed years ago ("Harbor Bridge" ⇄
 * "Old Port Crossing"), people's spellings. Applied at query time: a query using one finds the others.
 */
export const VocabularyEntryCreateSchema = z
  .object({
    terms: z.array(z.string().trim().min(2).max(200)).min(2).max(20),
    note: z.string().max(1000).default(''),
  })
  .strict();
export type VocabularyEntryCreate = z.infer<typeof VocabularyEntryCreateSchema>;

export const VocabularyEntrySchema = VocabularyEntryCreateSchema.extend({
  id: IdSchema,
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type VocabularyEntry = z.infer<typeof VocabularyEntrySchema>;
