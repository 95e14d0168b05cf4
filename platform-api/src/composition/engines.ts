import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CmudictPronouncer } from '../adapters/phonetic/cmudict-pronouncer';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { FfmpegAudioAnalyzer } from '../adapters/ffmpeg/audio-analysis';
import { UseTextEmbedder } from '../adapters/embeddings-use/index';
import { createOpenAiProviders } from '../adapters/openai-compatible/index';
import { PocketsphinxSpeechToText } from '../adapters/pocketsphinx/index';
import { TesseractTextRecognizer } from '../adapters/tesseract/index';
import { WhisperCppSpeechToText } from '../adapters/whisper-cpp/index';
import { HumanVision } from '../adapters/vision-human/human-vision';
import type { TextEmbedder } from '../ports/ai';
import type { FrameFaceDetector } from '../ports/delivery-renderer';
import type { Pronouncer } from '../ports/pronouncer';
import type { ScratchSpace } from '../ports/scratch-space';
import type { EnrichEngines } from '../services/enrichment/engines';

export interface BuiltEngines {
  engines: EnrichEngines;
  /** The embedder search uses for queries (the same model that embedded the segments). */
  embedder: TextEmbedder | null;
  /** Query words to phones for "sounds like" search; null when the phonetic index is off. */
  pronouncer: Pronouncer | null;
  /** Human-readable list of the engine chosen per step, for the start log and /health. */
  summary: Record<string, string>;
  /** The vision step's face detector on single pictures (delivery subject tracking); absent when vision is off. */
  frameFaces?: FrameFaceDetector;
}

/** Says exactly which local tool is missing, instead of failing at the first job. */
function requireTool(bin: string, args: string[], what: string, disable: string): void {
  const r = spawnSync(bin, args, { stdio: 'ignore' });
  if (r.error) throw new Error(`${what} not found (${bin}). Run scripts/install-system-deps.sh, or set ${disable} to run without it.`);
}

/** Picks the engine of each enrichment step from config (issue 4 "Providers behind an AiProvider port"). */
export function buildEngines(config: Config, log: Logger, scratch: ScratchSpace): BuiltEngines {
  const ai = config.ai;
  if (!ai.enabled) return { engines: {}, embedder: null, pronouncer: null, summary: { enrichment: 'off' } };
  const openai = ai.openai
    ? createOpenAiProviders({ ...ai.openai, log, ffmpegPath: config.ffmpegPath, scratch })
    : {};
  const engines: EnrichEngines = { audio: new FfmpegAudioAnalyzer({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath }) };

  if (ai.speech === 'local') {
    requireTool(ai.pocketsphinxPath, ['-h'], 'pocketsphinx (speech)', 'CUTAWAY_ENRICH_SPEECH=off');
    engines.speech = new PocketsphinxSpeechToText({ binPath: ai.pocketsphinxPath, ffmpegPath: config.ffmpegPath, scratch });
  } else if (ai.speech === 'openai') engines.speech = openai.speech;
  else if (ai.speech === 'whisper-cpp' && ai.whisperCpp) engines.speech = new WhisperCppSpeechToText({ ...ai.whisperCpp, ffmpegPath: config.ffmpegPath, scratch });

  if (ai.ocr === 'local') {
    requireTool(ai.tesseractPath, ['--version'], 'tesseract (on-screen text)', 'CUTAWAY_ENRICH_OCR=off');
    engines.ocr = new TesseractTextRecognizer({ tesseractPath: ai.tesseractPath, ffmpegPath: config.ffmpegPath, scratch });
  }
  let pronouncer: Pronouncer | null = null;
  if (ai.phonetic && existsSync(ai.phonetic.dictPath)) {
    pronouncer = new CmudictPronouncer(ai.phonetic);
    engines.phones = new PocketsphinxSpeechToText({ binPath: ai.pocketsphinxPath, ffmpegPath: config.ffmpegPath, phones: true, scratch });
  } else if (ai.phonetic) log.warn({ dictPath: ai.phonetic.dictPath }, 'phonetic search off: no pronouncing dictionary (install pocketsphinx-en-us or set CUTAWAY_CMUDICT_PATH)');
  if (ai.insights === 'openai') engines.insights = openai.analyzer;
  if (ai.embeddings === 'local') engines.embeddings = new UseTextEmbedder({ log: log.child({ component: 'embeddings' }) });
  else if (ai.embeddings === 'openai') engines.embeddings = openai.embedder;

  let frameFaces: FrameFaceDetector | undefined;
  if (ai.vision.enabled) {
    // One pool of model threads for both steps: tfjs wasm uses one core per thread (docs/faces-objects.md).
    const vision = new HumanVision({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath, ...(ai.vision.threads ? { threads: ai.vision.threads } : {}) });
    engines.faces = vision;
    engines.objects = vision;
    frameFaces = vision;
  }

  const summary: Record<string, string> = {};
  for (const [step, engine] of Object.entries(engines)) summary[step] = engine ? `${engine.engine} / ${engine.model}` : 'off';
  return { engines, embedder: engines.embeddings ?? null, pronouncer, summary, ...(frameFaces ? { frameFaces } : {}) };
}
