import pino from 'pino';
import { join } from 'node:path';
import { LocalScratchSpace } from '../../src/adapters/local-fs/scratch-space';
import { buildEngines } from '../../src/composition/engines';
import { loadConfig } from '../../src/config';

// Child for scratch-location.test.ts: the engines exactly as the platform builds them, one long run of
// STEP (ocr | speech) on CLIP, which the parent kills with SIGKILL midway.
const dataDir = process.env.CUTAWAY_DATA_DIR!;
const config = loadConfig({ ...process.env, CUTAWAY_ENRICH_SPEECH: 'local', CUTAWAY_ENRICH_EMBEDDINGS: 'off' });
const { engines } = buildEngines(config, pino({ level: 'silent' }), new LocalScratchSpace(join(dataDir, 'tmp')));
const clip = process.env.CLIP!;
const opts = { durationMs: Number(process.env.DURATION_MS) };
await (process.env.STEP === 'ocr' ? engines.ocr!.recognize(clip, opts) : engines.speech!.transcribe(clip, opts));
