#!/usr/bin/env node
/**
 * A stand-in for whisper.cpp's `whisper-cli`, faithful to examples/cli/cli.cpp where the adapter
 * depends on it: the same option names, exit 0 after printing usage for an unknown option,
 * exit 0 without output when the audio cannot be read, exit 3 when the model cannot be loaded,
 * and `<-of>.json` in the `--output-json-full` layout (offsets in ms, tokens with `p`,
 * strings escaped only for quotes and backslashes).
 * Its "recognizer": every tone burst in the WAV is the word "tone".
 * Test hooks: FAKE_WHISPER_LOG (append argv as a JSON line), FAKE_WHISPER_OLD=1 (a build
 * predating -ojf and -sow).
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (process.env.FAKE_WHISPER_LOG) appendFileSync(process.env.FAKE_WHISPER_LOG, `${JSON.stringify(argv)}\n`);

const p = { threads: 4, language: 'en', maxLen: 0, splitOnWord: false, json: false, jsonFull: false, out: [], inputs: [], model: 'models/ggml-base.en.bin' };
const old = process.env.FAKE_WHISPER_OLD === '1';
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => (i + 1 < argv.length ? argv[++i] : (process.stderr.write(`error: argument ${a} requires value\n`), process.exit(0)));
  if (a === '-' || !a.startsWith('-')) p.inputs.push(a);
  else if (a === '-t' || a === '--threads') p.threads = Number(next());
  else if (a === '-l' || a === '--language') p.language = next().toLowerCase();
  else if (a === '-ml' || a === '--max-len') p.maxLen = Number(next());
  else if (!old && (a === '-sow' || a === '--split-on-word')) p.splitOnWord = true;
  else if (a === '-oj' || a === '--output-json') p.json = true;
  else if (!old && (a === '-ojf' || a === '--output-json-full')) p.jsonFull = p.json = true;
  else if (a === '-of' || a === '--output-file') p.out.push(next());
  else if (a === '-m' || a === '--model') p.model = next();
  else if (a === '-f' || a === '--file') p.inputs.push(next());
  else {
    process.stderr.write(`error: unknown argument: ${a}\n\nusage: ${process.argv[1]} [options] file0 file1 ...\n`);
    process.exit(0);
  }
}

// What the adapter promised to send; a real whisper.cpp would not check, the fake exists to.
const contract = [
  [p.jsonFull, 'expected -ojf'], [p.maxLen === 1, 'expected -ml 1'], [p.splitOnWord, 'expected -sow'],
  [p.inputs.length === 1 && p.out.length === 1, 'expected one -f and one -of'], [Number.isInteger(p.threads) && p.threads > 0, 'bad -t'],
];
for (const [ok, why] of contract) {
  if (!ok) {
    process.stderr.write(`fake: ${why}\n`);
    process.exit(2);
  }
}

if (!existsSync(p.model)) {
  process.stderr.write(`whisper_init_from_file_with_params_no_state: failed to open '${p.model}'\nerror: failed to initialize whisper context\n`);
  process.exit(3);
}

const wav = readFileSync(p.inputs[0]);
if (wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') {
  process.stderr.write(`error: failed to read audio data as wav (Unknown error)\nerror: failed to read audio file '${p.inputs[0]}'\n`);
  process.exit(0);
}
let fmt = null;
let pcm = null;
for (let o = 12; o + 8 <= wav.length; ) {
  const id = wav.toString('latin1', o, o + 4);
  const size = wav.readUInt32LE(o + 4);
  if (id === 'fmt ') fmt = { format: wav.readUInt16LE(o + 8), channels: wav.readUInt16LE(o + 10), rate: wav.readUInt32LE(o + 12), bits: wav.readUInt16LE(o + 22) };
  if (id === 'data') pcm = new Int16Array(wav.buffer.slice(wav.byteOffset + o + 8, wav.byteOffset + o + 8 + (Math.min(size, wav.length - o - 8) & ~1)));
  o += 8 + size + (size & 1);
}
if (!fmt || !pcm || fmt.format !== 1 || fmt.channels !== 1 || fmt.rate !== 16000 || fmt.bits !== 16) {
  process.stderr.write(`fake: expected 16 kHz mono 16-bit PCM WAV, got ${JSON.stringify(fmt)}\n`);
  process.exit(2);
}

// Bursts: 10 ms frames with RMS over -26 dBFS, at least 50 ms long.
const bursts = [];
for (let f = 0, open = -1, n = Math.floor(pcm.length / 160); f <= n; f++) {
  let sum = 0;
  for (let i = f * 160; f < n && i < (f + 1) * 160; i++) sum += (pcm[i] / 32768) ** 2;
  const loud = f < n && Math.sqrt(sum / 160) > 0.05;
  if (loud && open < 0) open = f;
  if (!loud && open >= 0) {
    if (f - open >= 5) bursts.push([open * 10, f * 10]);
    open = -1;
  }
}

const ts = (ms) => {
  const h = Math.floor(ms / 3_600_000), m = Math.floor(ms / 60_000) % 60, s = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
};
const times = (from, to) => ({ timestamps: { from: ts(from), to: ts(to) }, offsets: { from, to } });
const token = (text, from, to, id, prob) => ({ text, ...times(from, to), id, p: prob, t_dtw: -1 });
const segments = [];
if (bursts.length && bursts[0][0] > 1000) segments.push({ ...times(0, bursts[0][0]), text: ' [BLANK_AUDIO]', tokens: [token('[_BEG_]', 0, 0, 50364, 0.5), token(' [BLANK_AUDIO]', 0, bursts[0][0], 10000, 0.4)] });
bursts.forEach(([from, to], i) => {
  segments.push({ ...times(from, to), text: ' tone', tokens: [token('[_TT_0]', from, from, 50365, 0.99), token(' to', from, from + 200, 281, 0.9), token('ne', from + 200, to, 716, 0.7)] });
  // -ml 1 -sow leaves punctuation as its own segment; a raw tab shows whisper.cpp's escaping.
  if (i === 0) segments.push({ ...times(to, to), text: ',', tokens: [token(',\t', to, to, 11, 0.6)] });
});

const doc = {
  systeminfo: 'AVX = 1 | AVX2 = 1 | FMA = 1 | fake',
  model: { type: 'tiny', multilingual: false, vocab: 51864, audio: { ctx: 1500, state: 384, head: 6, layer: 4 }, text: { ctx: 448, state: 384, head: 6, layer: 4 }, mels: 80, ftype: 1 },
  params: { model: p.model, language: p.language, translate: false },
  result: { language: p.language === 'auto' ? 'en' : p.language },
  transcription: segments,
};
writeFileSync(`${p.out[0]}.json`, JSON.stringify(doc, null, '\t').replace(/\\t/g, '\t'));
process.stderr.write(`output_json: saving output to '${p.out[0]}.json'\n`);
