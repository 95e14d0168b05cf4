/**
 * AI enrichment as ports (issue 4). Each capability is its own small interface so a step can
 * use the local engine for one task and an OpenAI-compatible server for another.
 * Times are integer milliseconds of the asset's media time.
 */

export interface AiCallOptions {
  signal?: AbortSignal;
  /** 0–100 within this call. */
  onProgress?: (percent: number) => void;
}

export interface EngineInfo {
  /** e.g. 'pocketsphinx', 'tesseract', 'openai-compatible', 'whisper.cpp', 'use-tfjs-wasm'. */
  engine: string;
  /** e.g. 'en-us', 'eng', 'whisper-1', 'universal-sentence-encoder'. */
  model: string;
}

export interface TimedWord {
  w: string;
  startMs: number;
  endMs: number;
  /** 0–1; engines without confidences report null. */
  conf: number | null;
}

export interface Transcript extends EngineInfo {
  words: TimedWord[];
  /** Mean word confidence, or null. pocketsphinx output is searchable, not publishable. */
  confidence: number | null;
  language: string | null;
}

export interface SpeechToText extends EngineInfo {
  /**
   * Transcribes a media file. `regions` (speech found by silence detection) limit the work;
   * returned word times are absolute media times either way.
   */
  transcribe(mediaPath: string, options: AiCallOptions & { regions?: Array<{ startMs: number; endMs: number }>; durationMs: number }): Promise<Transcript>;
}

export interface OcrLine {
  text: string;
  startMs: number;
  endMs: number;
  confidence: number | null;
  /** Which band of the frame it was read from. */
  region: 'lower' | 'upper' | 'full';
}

export interface TextRecognizer extends EngineInfo {
  /** On-screen text with the interval it was visible; identical consecutive readings merged. */
  recognize(mediaPath: string, options: AiCallOptions & { durationMs: number }): Promise<OcrLine[]>;
}

export interface AudioAnalysis {
  integratedLufs: number | null;
  truePeakDbtp: number | null;
  /** Intervals with sound above the silence threshold. */
  speech: Array<{ startMs: number; endMs: number }>;
  silence: Array<{ startMs: number; endMs: number }>;
}

export interface AudioAnalyzer extends EngineInfo {
  analyze(mediaPath: string, options: AiCallOptions & { durationMs: number }): Promise<AudioAnalysis>;
}

export interface TextEmbedder extends EngineInfo {
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[], options?: AiCallOptions): Promise<Float32Array[]>;
}

export interface Entity {
  text: string;
  type: 'person' | 'organization' | 'place' | 'event' | 'other';
}

export interface TextInsights extends EngineInfo {
  summary: string;
  keywords: string[];
  entities: Entity[];
}

export interface TextAnalyzer extends EngineInfo {
  /** Summary, keywords and named entities of a transcript window or a whole asset. */
  analyze(text: string, options?: AiCallOptions & { context?: string }): Promise<TextInsights>;
}
