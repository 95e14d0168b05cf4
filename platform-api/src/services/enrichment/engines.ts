import type { AudioAnalyzer, SpeechToText, TextAnalyzer, TextEmbedder, TextRecognizer } from '../../ports/ai';
import type { EnrichStep } from '@cutaway/shared';
import type { FaceAnalyzer, ObjectDetector } from '../../ports/vision';

/** The engine configured for each step; a missing one means the step is skipped (and says so). */
export interface EnrichEngines {
  audio?: AudioAnalyzer;
  speech?: SpeechToText;
  ocr?: TextRecognizer;
  insights?: TextAnalyzer;
  embeddings?: TextEmbedder;
  /** A phone decoder (words are ARPAbet phones) for the phonetic index written beside each transcript. */
  phones?: SpeechToText;
  /** Faces and COCO objects on the proxy (issue 17; CUTAWAY_VISION). */
  faces?: FaceAnalyzer;
  objects?: ObjectDetector;
}

/** Segment sources per step: re-running a step replaces exactly its own rows. */
export const STEP_SOURCE: Record<EnrichStep, string> = {
  audio: 'enrich.audio',
  speech: 'enrich.speech',
  ocr: 'enrich.ocr',
  insights: 'enrich.insights',
  embeddings: 'enrich.embeddings',
  faces: 'enrich.faces',
  objects: 'enrich.objects',
};

/** What a finished step unlocks: speech needs audio's regions; insights need speech; embeddings need every text. */
export const NEXT_STEPS: Record<EnrichStep, EnrichStep[]> = {
  audio: ['speech'],
  speech: ['insights', 'embeddings'],
  ocr: ['embeddings'],
  insights: ['embeddings'],
  embeddings: [],
  faces: [],
  objects: [],
};

/** Steps queued when ingest finishes, by asset type (speech and the rest follow as steps finish). */
export const FIRST_STEPS: Record<'video' | 'audio' | 'image' | 'document', EnrichStep[]> = {
  video: ['audio', 'ocr'],
  audio: ['audio'],
  // Stills are read like video (issue 12): on-screen text first, embeddings follow it.
  image: ['ocr'],
  document: ['embeddings'],
};

/** Picture steps queued after ingest when their engine is configured (issue 17); they need nothing before them but shots. */
export const VISION_STEPS: Record<'video' | 'audio' | 'image' | 'document', EnrichStep[]> = {
  video: ['faces', 'objects'],
  audio: [],
  image: [],
  document: [],
};
