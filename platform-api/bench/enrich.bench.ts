/**
 * Local enrichment benchmark (docs/media-pipeline.md): a generated 1280x720 25 fps news-like
 * clip (espeak-ng sentences with pauses, drawtext lower thirds, hard cuts) and its 360p proxy, then
 * media seconds per CPU second ("x realtime per core") of each local step and of the whole, beside
 * the naive baseline in the same run:
 *   ours:  FfmpegAudioAnalyzer → PocketsphinxSpeechToText on its speech regions → TesseractTextRecognizer on the proxy;
 *   naive: the same audio analysis, pocketsphinx on the whole audio with its default search, tesseract
 *          (default page segmentation) on every 1 fps full frame of the original.
 *   CUTAWAY_BENCH_SECONDS=30 npx tsx bench/enrich.bench.ts   (default 60)
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 *
 * CPU: tools' CPU is this process's cutime + cstime (/proc/self/stat), as in ingest.bench.ts; Node's
 * own CPU in each step (WAV slicing, TSV parsing) is added from process.cpuUsage(). The helper is
 * repeated here, not imported: ingest.bench.ts runs its benchmark at import.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegAudioAnalyzer } from '../src/adapters/ffmpeg/audio-analysis';
import { LocalScratchSpace } from '../src/adapters/local-fs/scratch-space';
import { PocketsphinxSpeechToText } from '../src/adapters/pocketsphinx/index';
import { parseWords } from '../src/adapters/pocketsphinx/output';
import { TesseractTextRecognizer } from '../src/adapters/tesseract/index';
import type { OcrLine, TimedWord } from '../src/ports/ai';
import { generateNewsClip } from '../test/media/generate';
import { benchVision } from './vision-steps';
import { OBJECT_STEP_MS } from '../src/services/enrichment/steps';

const SECONDS = Number(process.env.CUTAWAY_BENCH_SECONDS ?? 60);
const TARGET = 4; // x realtime per core for the whole local enrichment
const VISION_BUDGET_MIN_PER_H = 10; // issue 17: faces + objects CPU-minutes per hour of video
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** cutime + cstime of this process, in seconds: CPU of every child reaped so far. */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLK_TCK;
}

interface Cost { toolsS: number; nodeS: number; wallS: number }
async function measure<T>(name: string, fn: () => Promise<T>): Promise<[T, Cost]> {
  const [c0, n0, t0] = [childrenCpuS(), process.cpuUsage(), performance.now()];
  const out = await fn();
  const n = process.cpuUsage(n0);
  const cost = { toolsS: childrenCpuS() - c0, nodeS: (n.user + n.system) / 1e6, wallS: (performance.now() - t0) / 1000 };
  process.stderr.write(`  ${name}: ${cost.toolsS.toFixed(2)} tools CPU-s + ${cost.nodeS.toFixed(2)} node CPU-s, ${cost.wallS.toFixed(2)} s wall\n`);
  return [out, cost];
}

function run(bin: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${bin} exited ${code}: ${err}`))));
  });
}

const SENTENCES = [
  'Good evening and welcome to the news.', 'Weather forecast for tomorrow is heavy rain.', 'Football fans are happy tonight.',
  'Breaking news from the harbour this evening.', 'The government will vote on Monday.', 'Police closed the coast road this morning.',
  'The hospital is ready for the storm.', 'The president spoke this morning.', 'Traffic is heavy on the bridge.',
  'The election results are in.', 'Ferries are cancelled until Friday.', 'Thank you for watching.',
];
/** Utterances whose FIRST word is a keyword: its start is the utterance's first audible sample. */
const KEYWORDS: Record<number, string> = { 1: 'weather', 2: 'football', 3: 'breaking' };
/** The phone pass before `-allphone_ci yes` (pocketsphinx-speech.ts PHONE_ARGS): the baseline row. */
const TRIPHONE_PHONE_ARGS = ['-backtrace', 'no', '-lw', '2.0', '-beam', '1e-10', '-pbeam', '1e-10'];
const CAPTIONS = ['STORM WARNING', 'MAYOR JANE DOE', 'FERRIES CANCELLED', 'LIVE FROM THE HARBOUR'];

const dir = mkdtempSync(join(tmpdir(), 'cutaway-enrich-bench-'));
const scratch = new LocalScratchSpace(join(dir, 'scratch'));
try {
  process.stderr.write(`generating a ${SECONDS} s 1280x720 clip and its 360p proxy…\n`);
  const clip = await generateNewsClip(join(dir, 'source.mp4'), {
    durationS: SECONDS, width: 1280, height: 720, fps: 25, preset: 'superfast',
    cutsAtS: Array.from({ length: Math.floor((SECONDS - 1) / 7) }, (_, i) => 7 * (i + 1) + 0.44),
    // One sentence every 5 s (about 2–2.5 s of speech, then a pause), cycling through the script.
    speech: Array.from({ length: Math.floor((SECONDS - 3) / 5) + 1 }, (_, i) => ({ text: SENTENCES[i % SENTENCES.length]!, atS: 0.5 + 5 * i, voice: 'en-us' })),
    lowerThirds: Array.from({ length: Math.floor((SECONDS - 7) / 15) + 1 }, (_, i) => ({ text: CAPTIONS[i % CAPTIONS.length]!, fromS: 2 + 15 * i, toS: 7 + 15 * i })),
  });
  const proxy = join(dir, 'proxy.mp4');
  // The ingest proxy (docs/media-pipeline.md), made before enrichment and not counted in it.
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', clip.path, '-vf', 'scale=-2:360', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-g', '50', '-c:a', 'aac', '-b:a', '96k', proxy], dir);
  const mediaS = clip.durationMs / 1000;
  const opts = { durationMs: clip.durationMs };

  process.stderr.write('local enrichment:\n');
  const [audio, audioCost] = await measure('audio analysis', () => new FfmpegAudioAnalyzer().analyze(clip.path, opts));
  const [speech, speechCost] = await measure('speech (regions)', () => new PocketsphinxSpeechToText({ scratch }).transcribe(clip.path, { ...opts, regions: audio.speech }));
  const [phones, phonesCost] = await measure('phones (regions)', () => new PocketsphinxSpeechToText({ phones: true, scratch }).transcribe(clip.path, { ...opts, regions: audio.speech }));
  // The phone pass as it was before issue 14's tuning (triphone units), for the ratio in the same run.
  const [triphones, triphonesCost] = await measure('phones, triphone units (baseline)', () => new PocketsphinxSpeechToText({ phones: true, scratch, phoneArgs: TRIPHONE_PHONE_ARGS }).transcribe(clip.path, { ...opts, regions: audio.speech }));
  const [ocr, ocrCost] = await measure('OCR (proxy)', () => new TesseractTextRecognizer({ scratch }).recognize(proxy, opts));
  const [ocrOrig, ocrOrigCost] = await measure('OCR (original, for comparison)', () => new TesseractTextRecognizer({ scratch }).recognize(clip.path, opts));

  process.stderr.write('naive baseline:\n');
  const [naiveWords, naiveSpeechCost] = await measure('speech (whole audio, default search)', async () => {
    await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', clip.path, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', 'a.wav'], dir);
    return parseWords(await run('pocketsphinx_continuous', ['-infile', 'a.wav', '-time', 'yes'], dir));
  });
  const frames = join(dir, 'frames');
  mkdirSync(frames);
  const [naivePages, naiveOcrCost] = await measure('OCR (every 1 fps full frame)', async () => {
    await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', clip.path, '-vf', 'fps=1', join(frames, 'f_%05d.png')], dir);
    writeFileSync(join(dir, 'frames.txt'), readdirSync(frames).sort().map((f) => join(frames, f)).join('\n'));
    await run('tesseract', ['frames.txt', 'naive', '-l', 'eng'], dir, { OMP_THREAD_LIMIT: '1' });
    return readFileSync(join(dir, 'naive.txt'), 'utf8').split('\f');
  });

  process.stderr.write('faces and objects (issue 17):\n');
  const vision = await benchVision(SECONDS, dir, measure);

  // ---- Quality beside speed: keywords within 0.5 s of where they were said; captions exact and within 1 s.
  const said = clip.speech.flatMap((s, i) => (KEYWORDS[i % SENTENCES.length] ? [{ w: KEYWORDS[i % SENTENCES.length]!, ms: s.voicedFromMs }] : []));
  const heard = (words: Array<Pick<TimedWord, 'w' | 'startMs'>>) => said.filter((k) => words.some((w) => w.w === k.w && Math.abs(w.startMs - k.ms) <= 500)).length;
  const captions = (lines: OcrLine[]) => clip.lowerThirds.filter((t) => lines.some((l) => l.text === t.text && Math.abs(l.startMs - t.fromMs) <= 1000 && Math.abs(l.endMs - t.toMs) <= 1000)).length;
  const extra = (lines: OcrLine[]) => lines.filter((l) => !clip.lowerThirds.some((t) => t.text === l.text)).length;
  const naiveCaptions = clip.lowerThirds.filter((t) => naivePages.some((p) => p.split('\n').some((l) => l.trim() === t.text))).length;

  const cpu = (...cs: Cost[]) => cs.reduce((s, c) => s + c.toolsS + c.nodeS, 0);
  const wall = (...cs: Cost[]) => cs.reduce((s, c) => s + c.wallS, 0);
  const speed = (cpuS: number) => mediaS / cpuS;
  const rows: Array<[string, number, number, string]> = [
    ['audio analysis (ebur128+silencedetect)', cpu(audioCost), wall(audioCost), `${audio.speech.length} speech regions`],
    ['speech: pocketsphinx on regions', cpu(speechCost), wall(speechCost), `keywords ${heard(speech.words)}/${said.length}`],
    ['OCR: bands on the proxy', cpu(ocrCost), wall(ocrCost), `captions ${captions(ocr)}/${clip.lowerThirds.length}, extra ${extra(ocr)}`],
    ['OCR: bands on the original (info)', cpu(ocrOrigCost), wall(ocrOrigCost), `captions ${captions(ocrOrig)}/${clip.lowerThirds.length}, extra ${extra(ocrOrig)}`],
    ['phonetic index: pocketsphinx phones on regions', cpu(phonesCost), wall(phonesCost), `${phones.words.length} phones, context-independent`],
    ['phonetic index, triphone units (baseline)', cpu(triphonesCost), wall(triphonesCost), `${triphones.words.length} phones; ours ${(cpu(triphonesCost) / cpu(phonesCost)).toFixed(1)}x cheaper`],
    ['LOCAL ENRICHMENT (audio+speech+OCR proxy)', cpu(audioCost, speechCost, ocrCost), wall(audioCost, speechCost, ocrCost), ''],
    ['LOCAL + PHONETIC INDEX', cpu(audioCost, speechCost, phonesCost, ocrCost), wall(audioCost, speechCost, phonesCost, ocrCost), ''],
    ['LOCAL + PHONETIC INDEX, triphone baseline', cpu(audioCost, speechCost, triphonesCost, ocrCost), wall(audioCost, speechCost, triphonesCost, ocrCost), ''],
    ['naive speech: whole audio, default search', cpu(naiveSpeechCost), wall(naiveSpeechCost), `keywords ${heard(naiveWords)}/${said.length}`],
    ['naive OCR: every 1 fps full frame', cpu(naiveOcrCost), wall(naiveOcrCost), `captions on some frame ${naiveCaptions}/${clip.lowerThirds.length}`],
    ['NAIVE TOTAL (audio+naive speech+naive OCR)', cpu(audioCost, naiveSpeechCost, naiveOcrCost), wall(audioCost, naiveSpeechCost, naiveOcrCost), ''],
    ['faces: 1 fps + cuts, descriptor per track', cpu(vision.faces), wall(vision.faces), `tracks ${vision.quality.tracks}/${vision.quality.faceShots} face shots, ${vision.quality.framesLookedAt} frames`],
    [`objects: every ${OBJECT_STEP_MS / 1000} s`, cpu(vision.objects), wall(vision.objects), `${vision.quality.objectIntervals} intervals: ${vision.quality.labels.join(', ')}`],
    ['FACES + OBJECTS', cpu(vision.faces, vision.objects), wall(vision.faces, vision.objects), `${((cpu(vision.faces, vision.objects) / mediaS) * 60).toFixed(2)} CPU-min per hour (budget ≤ ${VISION_BUDGET_MIN_PER_H})`],
    ['naive faces: full pipeline every 1 fps frame', cpu(vision.naiveFaces), wall(vision.naiveFaces), `${vision.quality.naiveFaceDescriptors} descriptors`],
    ['naive objects: every 1 fps frame', cpu(vision.naiveObjects), wall(vision.naiveObjects), ''],
    ['vision model load (once per worker thread, info)', cpu(vision.load), wall(vision.load), ''],
  ];
  const lines = [
    `media: ${mediaS} s of 1280x720 25 fps H.264 + AAC (proxy 640x360), ${speech.words.length} words, ${cpus().length} cores`,
    `${'step'.padEnd(44)}${'CPU-s'.padStart(7)}${'x realtime/core'.padStart(17)}${'wall s'.padStart(8)}  quality`,
    ...rows.map(([k, c, w, q]) => `${k.padEnd(44)}${c.toFixed(2).padStart(7)}${speed(c).toFixed(1).padStart(17)}${w.toFixed(2).padStart(8)}  ${q}`),
    `local enrichment ${speed(cpu(audioCost, speechCost, ocrCost)).toFixed(1)}x vs naive ${speed(cpu(audioCost, naiveSpeechCost, naiveOcrCost)).toFixed(1)}x realtime per core (target ≥ ${TARGET}x)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const r = (n: number, d = 2) => Number(n.toFixed(d));
  const step = (c: Cost) => ({ toolsCpuS: r(c.toolsS), nodeCpuS: r(c.nodeS), wallS: r(c.wallS), xRealtimePerCore: r(speed(c.toolsS + c.nodeS), 1) });
  const local = speed(cpu(audioCost, speechCost, ocrCost));
  const summary = {
    bench: 'enrich', mediaSeconds: mediaS, cores: cpus().length,
    steps: { audio: step(audioCost), speech: step(speechCost), phones: step(phonesCost), phonesTriphoneBaseline: step(triphonesCost), ocrProxy: step(ocrCost), ocrOriginal: step(ocrOrigCost), naiveSpeech: step(naiveSpeechCost), naiveOcr: step(naiveOcrCost) },
    local: { cpuS: r(cpu(audioCost, speechCost, ocrCost)), xRealtimePerCore: r(local, 1) },
    phonesSpeedup: r(cpu(triphonesCost) / cpu(phonesCost)),
    speechSeconds: r(audio.speech.reduce((n, x) => n + x.endMs - x.startMs, 0) / 1000),
    localWithPhoneticBaseline: { cpuS: r(cpu(audioCost, speechCost, triphonesCost, ocrCost)), xRealtimePerCore: r(speed(cpu(audioCost, speechCost, triphonesCost, ocrCost)), 1) },
    localWithPhonetic: { cpuS: r(cpu(audioCost, speechCost, phonesCost, ocrCost)), xRealtimePerCore: r(speed(cpu(audioCost, speechCost, phonesCost, ocrCost)), 1) },
    naive: { cpuS: r(cpu(audioCost, naiveSpeechCost, naiveOcrCost)), xRealtimePerCore: r(speed(cpu(audioCost, naiveSpeechCost, naiveOcrCost)), 1) },
    quality: {
      keywords: { total: said.length, local: heard(speech.words), naive: heard(naiveWords) },
      captions: { total: clip.lowerThirds.length, localProxy: captions(ocr), localOriginal: captions(ocrOrig), extraLines: extra(ocr), naiveAnyFrame: naiveCaptions },
    },
    target: TARGET, meetsTarget: local >= TARGET, meetsTargetWithPhonetic: speed(cpu(audioCost, speechCost, phonesCost, ocrCost)) >= TARGET,
    // Issue 17 budget: CPU-minutes per hour of video = CPU-s per media-s × 60.
    vision: {
      faces: step(vision.faces), objects: step(vision.objects), naiveFaces: step(vision.naiveFaces), naiveObjects: step(vision.naiveObjects), modelLoad: step(vision.load),
      cpuMinPerHour: r((cpu(vision.faces, vision.objects) / mediaS) * 60), naiveCpuMinPerHour: r((cpu(vision.naiveFaces, vision.naiveObjects) / mediaS) * 60),
      ratioVsNaive: r(cpu(vision.naiveFaces, vision.naiveObjects) / cpu(vision.faces, vision.objects)),
      budgetCpuMinPerHour: VISION_BUDGET_MIN_PER_H, withinBudget: (cpu(vision.faces, vision.objects) / mediaS) * 60 <= VISION_BUDGET_MIN_PER_H, quality: vision.quality,
    },
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
