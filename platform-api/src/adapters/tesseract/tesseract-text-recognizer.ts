import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError, isAppError } from '@cutaway/shared';
import type { AiCallOptions, OcrLine, TextRecognizer } from '../../ports/ai';
import type { ScratchSpace } from '../../ports/scratch-space';
import { fileUrl } from '../ffmpeg/probe';
import { percentReporter } from '../ffmpeg/progress';
import { runTool } from '../ffmpeg/run';
import { readMetadataLog } from '../ffmpeg/shots';
import { pool } from '../pocketsphinx/pool';
import { OCR_FILES, UPPER_SHARE, ocrFilterGraph } from './graph';
import { mergeReadings, normaliseLine, type Sample } from './merge';
import { parseTsv } from './tsv';

export interface TesseractOptions {
  /** Default `tesseract`. */
  tesseractPath?: string;
  ffmpegPath?: string;
  /** tesseract processes at once over page batches (each limited to one thread); default 1. */
  threads?: number;
  /** Pages per tesseract run (default 300, ~4 min of media): one model load each, progress after each. */
  batchPages?: number;
  /** Band width text is read at, in px (default 640: the 360p proxy's own size, so the proxy is not rescaled). */
  bandWidth?: number;
  /** Seconds between scan captures (default 1). */
  scanS?: number;
  /** Scratch under the data dir (swept at start), never the system temp dir, which a kill -9 would litter for ever. */
  scratch: ScratchSpace;
}

/** The page share of ffmpeg's extraction in the progress bar; tesseract's batches take the rest. */
const EXTRACT_SHARE = 50;

/**
 * On-screen text (lower thirds, captions, top-band bugs) with tesseract, media-pipeline.md's
 * recipe: frames at change events and a 1 fps scan, the top 1/6 and bottom 1/4 bands only,
 * binarised for white text, ONE tesseract over many pages. Text in the middle of the picture is
 * not read, nor dark text on a light box.
 *
 * Input: any video ffmpeg reads; the 360p proxy is the intended one. The bands are scaled to
 * `bandWidth` (640 px) before reading, so the proxy gives the same text as the original for
 * captions of ordinary size (the generator's h/12) at a cheaper decode: 2.9 vs 7.3 CPU-s for a
 * 60 s 720p clip (bench/enrich.bench.ts; media-pipeline.md: 3.5x for 1080p). Pass the original
 * (and a wider `bandWidth`) for small print.
 */
export class TesseractTextRecognizer implements TextRecognizer {
  readonly engine = 'tesseract';
  readonly model = 'eng';
  readonly #o: TesseractOptions;

  constructor(options: TesseractOptions) {
    this.#o = options;
  }

  async recognize(mediaPath: string, options: AiCallOptions & { durationMs: number }): Promise<OcrLine[]> {
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    const input = resolve(mediaPath);
    const work = await this.#scratchDir();
    try {
      onProgress?.(0);
      const graph = ocrFilterGraph({ width: this.#o.bandWidth ?? 640, scanS: this.#o.scanS ?? 1, settleS: 0.2 });
      await runTool(this.#o.ffmpegPath ?? 'ffmpeg', [
        '-nostdin', '-hide_banner', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-i', fileUrl(input),
        '-filter_complex', graph, '-map', '[pages]', '-fps_mode', 'passthrough', '-f', 'image2', OCR_FILES.pages,
      ], {
        cwd: work.dir, signal, hidePaths: [input, work.dir],
        onProgress: onProgress && percentReporter(null, options.durationMs * 1000, (p) => onProgress(Math.floor((p * EXTRACT_SHARE) / 100))),
      });
      const [frames, upperEvents, lowerEvents, files] = await Promise.all([
        readMetadataLog(join(work.dir, OCR_FILES.frames)),
        readMetadataLog(join(work.dir, OCR_FILES.upperEvents)),
        readMetadataLog(join(work.dir, OCR_FILES.lowerEvents)),
        readdir(work.dir).then((names) => names.filter((n) => n.startsWith('page_')).sort()),
      ]);
      onProgress?.(EXTRACT_SHARE);
      const pages = await this.#read(work.dir, files.slice(0, frames.length), signal, (done) =>
        onProgress?.(Math.min(99, EXTRACT_SHARE + Math.floor(((100 - EXTRACT_SHARE) * done) / Math.max(1, files.length)))));
      const bands = { upper: [] as Sample[], lower: [] as Sample[] };
      pages.forEach((lines, i) => {
        const ms = frames[i]!.ms;
        bands.upper.push({ ms, lines: [] });
        bands.lower.push({ ms, lines: [] });
        for (const l of lines) {
          const text = normaliseLine(l.text);
          if (text) bands[l.y < UPPER_SHARE ? 'upper' : 'lower'].at(-1)!.lines.push({ text, conf: l.conf });
        }
      });
      const durationMs = options.durationMs > 0 ? options.durationMs : (frames.at(-1)?.ms ?? 0) + 1000;
      const lines = [
        ...mergeReadings(bands.upper, upperEvents.map((e) => e.ms), durationMs, 'upper'),
        ...mergeReadings(bands.lower, lowerEvents.map((e) => e.ms), durationMs, 'lower'),
      ].sort((a, b) => a.startMs - b.startMs);
      onProgress?.(100);
      return lines;
    } finally {
      await work.dispose();
    }
  }

  /** tesseract over the pages in batches; one `PageLine[]` per page, in order. */
  async #read(dir: string, files: string[], signal: AbortSignal | undefined, progress: (done: number) => void) {
    const size = this.#o.batchPages ?? 300;
    const batches = Array.from({ length: Math.ceil(files.length / size) }, (_, i) => files.slice(i * size, (i + 1) * size));
    let done = 0;
    const out = await pool(batches, this.#o.threads ?? 1, async (batch, i) => {
      const read = await this.#tesseract(dir, i, batch, signal);
      progress((done += batch.length));
      return read;
    });
    return out.flat();
  }

  /**
   * ONE tesseract per batch: a list file of page images, `--psm 11` (sparse text), TSV out.
   * The recipe's `--psm 6` (one uniform block) lost words next to picture blobs; psm 11 finds each
   * word on its own and was cheaper (0.34 vs 0.47 CPU-s for 27 pages). OMP_THREAD_LIMIT=1
   * (media-pipeline.md): Debian's build uses OpenMP, and on the same 27 pages its threads cost
   * 1.5–1.7 CPU-s and 2.2–2.7 s wall against 0.4 CPU-s and 0.8 s with one thread. runTool has no
   * env option, so env(1) sets it; env execs tesseract in place, so abort still kills tesseract.
   */
  async #tesseract(dir: string, i: number, pages: string[], signal: AbortSignal | undefined) {
    const list = join(dir, `pages-${i}.txt`);
    await writeFile(list, pages.map((p) => join(dir, p)).join('\n') + '\n');
    const bin = this.#o.tesseractPath ?? 'tesseract';
    try {
      await runTool('env', ['OMP_THREAD_LIMIT=1', bin, list, join(dir, `text-${i}`), '--psm', '11', '-l', 'eng', 'tsv'], { cwd: dir, signal, hidePaths: [dir] });
    } catch (err) {
      // env exits 127 when it cannot find the program (POSIX env(1)).
      if (isAppError(err, 'media.process_failed') && (err.details as { exitCode?: number } | undefined)?.exitCode === 127) {
        throw new AppError('media.tool_missing', `${bin} is not installed or not on PATH`, { tool: bin }, { cause: err });
      }
      throw err;
    }
    const pagesRead = parseTsv(await readFile(join(dir, `text-${i}.tsv`), 'utf8'));
    // tesseract writes a row for every page, blank ones too; the fallback only keeps times aligned if one were missing.
    return Array.from({ length: pages.length }, (_, p) => pagesRead[p] ?? []);
  }

  #scratchDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
    return this.#o.scratch.create('tesseract');
  }
}
