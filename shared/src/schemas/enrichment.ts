import { z } from 'zod';
import { IsoDateSchema } from './common';

/**
 * Enrichment steps, each its own durable job (issue 4). `audio` finds loudness and speech
 * regions, `speech` transcribes those regions, `ocr` reads on-screen text, `insights` asks an
 * LLM for summary/keywords/entities, `embeddings` vectorises every text segment for semantic search.
 * `faces` finds and tracks faces (people), `objects` finds COCO objects (issue 17).
 */
export const EnrichStepSchema = z.enum(['audio', 'speech', 'ocr', 'insights', 'embeddings', 'faces', 'objects']);
export type EnrichStep = z.infer<typeof EnrichStepSchema>;

export const EnrichStepStateSchema = z.object({
  status: z.enum(['queued', 'running', 'done', 'failed', 'skipped']),
  /** e.g. pocketsphinx / en-us, tesseract / eng, openai-compatible / whisper-1. */
  engine: z.string().nullable(),
  model: z.string().nullable(),
  /** Mean confidence of what the step produced (0–1), when the engine reports one. */
  confidence: z.number().min(0).max(1).nullable(),
  /** Segments (or vectors) the step wrote. */
  count: z.number().int().nonnegative(),
  finishedAt: IsoDateSchema.nullable(),
  /** Why it failed or was skipped. */
  note: z.string().nullable(),
  /** Step-specific results small enough to keep on the asset (loudness, summary…). */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type EnrichStepState = z.infer<typeof EnrichStepStateSchema>;

export const EnrichmentSchema = z.partialRecord(EnrichStepSchema, EnrichStepStateSchema);
export type Enrichment = z.infer<typeof EnrichmentSchema>;

export const EnrichRequestSchema = z
  .object({
    steps: z.array(EnrichStepSchema).min(1).default(['audio', 'speech', 'ocr', 'insights', 'embeddings']),
    /** Lower runs sooner; 0 = needed for air now. */
    priority: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type EnrichRequest = z.infer<typeof EnrichRequestSchema>;

const EMPTY_STEP: EnrichStepState = { status: 'queued', engine: null, model: null, confidence: null, count: 0, finishedAt: null, note: null, details: null };

/** Merges one step's state into an enrichment record; every AssetStore adapter uses it inside its transaction. */
export function mergeEnrichment(enrichment: Enrichment, step: EnrichStep, patch: Partial<EnrichStepState>): Enrichment {
  return { ...enrichment, [step]: { ...EMPTY_STEP, ...enrichment[step], ...patch } };
}
