import type { AudioAnalyzer, SpeechToText, TextAnalyzer, TextEmbedder, TextRecognizer } from '../../ports/ai';
import type { EnrichStep } from '@cutaway/shared';

/** The engine configured for each step; a missing one means the step is skipped (and says so). */
export interface EnrichEngines {
  audio?: AudioAnalyzer;
  speech?: SpeechToText;
  ocr?: TextRecognizer;
  insights?: TextAnalyzer;
  embeddings?: TextEmbedder;
  /** A phone decoder (words are ARPAbet phones) for the phonetic index written beside each transcript. */
  phones?: SpeechToText;
}

/** Segment sources per step: re-running a step replaces exactly its own rows. */
export const STEP_SOURCE: Record<EnrichStep, string> = {
  audio: 'enrich.audio',
  speech: 'enrich.speech',
  ocr: 'enrich.ocr',
  insights: 'enrich.insights',
  embeddings: 'enrich.embeddings',
};

/** What a finished step unlocks: speech needs audio's regions; insights need speech; embeddings need every text. */
export const NEXT_STEPS: Record<EnrichStep, EnrichStep[]> = {
  audio: ['speech'],
  speech: ['insights', 'embeddings'],
  ocr: ['embeddings'],
  insights: ['embeddings'],
  embeddings: [],
};

/** Steps queued when ingest finishes, by asset type (speech and the rest follow as steps finish). */
export const FIRST_STEPS: Record<'video' | 'audio' | 'image' | 'document', EnrichStep[]> = {
  video: ['audio', 'ocr'],
  audio: ['audio'],
  image: ['embeddings'],
  document: ['embeddings'],
};
