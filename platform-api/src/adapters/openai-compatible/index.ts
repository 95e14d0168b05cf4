import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { ScratchSpace } from '../../ports/scratch-space';
import { OpenAiTextAnalyzer } from './analysis';
import { OpenAiTextEmbedder } from './embeddings';
import { OpenAiHttp } from './http';
import { OpenAiSpeechToText } from './speech';

export { OpenAiHttp, type OpenAiHttpOptions, type RequestOptions } from './http';
export { OpenAiSpeechToText, type OpenAiSpeechOptions } from './speech';
export { OpenAiTextEmbedder, type OpenAiEmbedderOptions } from './embeddings';
export { OpenAiTextAnalyzer, type OpenAiAnalyzerOptions } from './analysis';
export { planChunks, type Chunk } from './chunks';
export type { SpeechAudioFormat } from './audio';

export interface OpenAiProvidersConfig {
  /** API root with its version prefix: `https://api.openai.com/v1`, `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  apiKey?: string;
  speechModel?: string;
  chatModel?: string;
  embeddingModel?: string;
  /** Required with `embeddingModel`: the index is sized before the first vector arrives. */
  embeddingDimensions?: number;
  /** Per-attempt timeout of JSON calls (speech chunks get their own, longer one). */
  timeoutMs?: number;
  maxRetries?: number;
  log?: Logger;
  ffmpegPath?: string;
  scratch: ScratchSpace;
}

export interface OpenAiProviders {
  speech?: OpenAiSpeechToText;
  embedder?: OpenAiTextEmbedder;
  analyzer?: OpenAiTextAnalyzer;
}

/**
 * The capabilities a server offers, one per configured model; the rest stay undefined so the
 * enrichment steps fall back to local engines. One HTTP client is shared: same key, same limits.
 */
export function createOpenAiProviders(config: OpenAiProvidersConfig): OpenAiProviders {
  const http = new OpenAiHttp({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    log: config.log?.child({ component: 'openai-compatible' }),
  });
  const out: OpenAiProviders = {};
  if (config.speechModel) out.speech = new OpenAiSpeechToText({ http, model: config.speechModel, ffmpegPath: config.ffmpegPath, scratch: config.scratch });
  if (config.chatModel) out.analyzer = new OpenAiTextAnalyzer({ http, model: config.chatModel });
  if (config.embeddingModel) {
    if (config.embeddingDimensions === undefined) {
      throw new AppError('config.invalid', 'An embedding model needs its vector length (embeddingDimensions)', { key: 'embeddingDimensions' });
    }
    out.embedder = new OpenAiTextEmbedder({ http, model: config.embeddingModel, dimensions: config.embeddingDimensions });
  }
  return out;
}
