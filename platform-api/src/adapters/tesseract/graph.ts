/** Files the extraction writes in its working folder (ffmpeg runs with cwd there: no path is escaped into the graph). */
export const OCR_FILES = {
  frames: 'frames.txt',
  upperEvents: 'events-upper.txt',
  lowerEvents: 'events-lower.txt',
  pages: 'page_%06d.png',
} as const;

export interface OcrGraphOptions {
  /** Band width the text is read at (default 640, the 360p proxy's width); SEs scale with it. */
  width: number;
  /** Seconds between scan captures (default 1). */
  scanS: number;
  /** Capture this long after a change event (default 0.2 s: past a one-frame flash or the end of a short wipe). */
  settleS: number;
}

/**
 * select's scene score (0–1) for an on/off event in ONE band, measured on a 320 px wide luma
 * copy. docs/media-pipeline.md used 0.15; on the test clips lower thirds switching scored 0.12–0.20
 * (the lowest: leaving a dark shot) and picture motion at most 0.05, so 0.08. The capture select
 * sees both bands stacked, where the same change is diluted by the other band's area (~0.6x): 0.05.
 */
export const BAND_EVENT_SCORE = 0.08;
export const STACK_EVENT_SCORE = 0.05;

/** Share of the stacked page taken by the top band and the separator: (1/6 + 1/48) / (1/6 + 1/48 + 1/4). */
export const UPPER_SHARE = 9 / 21;

/**
 * One decode, one filtergraph (docs/media-pipeline.md "on-screen text"):
 *  - bands: the top 1/6 and bottom 1/4 of the picture as luma, stacked with a black separator;
 *  - events: each band at 320 px through `select='gt(scene,…)'`, times logged to a file
 *    (`metadata=print:file`, like showinfo's pts_time but not through stderr);
 *  - captures: one `select` whose expression keeps state (`st`/`ld`): a frame `settleS` after each
 *    change and one every `scanS`; only those frames are binarised and written as PNG pages.
 *
 * Binarising: the recipe's `lut=y='if(gt(val,190),0,255)'` turns white text black on white and
 * reads white-on-dark lower thirds exactly, but bright picture next to a semi-transparent box
 * (bars, sky) also turns into black blobs touching the text, and tesseract then misread or dropped
 * words on 4 of 7 captures of the test clip. So the bright mask is cleaned first with three white
 * top-hats (mask minus its opening): structures longer than ~0.08 of the band width vertically or
 * ~0.1 horizontally, or with a 2 % square inside, are picture, not glyph strokes. That read all
 * 7 captures exactly and added ~15 % to the extraction (0.86 vs 0.75 CPU-s, 20 s at 360p). The
 * vertical top-hat runs on the transposed page: morpho's cost grows with the SE's height, and a
 * 1-px-wide vertical SE measured ~6x dearer than the same SE laid horizontally.
 */
export function ocrFilterGraph(o: OcrGraphOptions): string {
  const k = o.width / 640;
  const odd = (n: number) => Math.max(3, Math.round(n * k) | 1);
  const se = (name: string, w: number, h: number) => `color=c=white:s=${w}x${h}:d=1,format=gray[${name}]`;
  const band = (crop: string, name: string, events: string) =>
    `[${name}in]crop=${crop},format=gray,split[${name}][${name}ev];` +
    `[${name}ev]scale=320:-2,select='gt(scene,${BAND_EVENT_SCORE})',metadata=print:file=${events},nullsink`;
  // Variables: 0 = pending settle capture time, 1 = due now (settle), 2 = due now (scan), 3 = next scan time.
  const capture = [
    `if(gt(scene,${STACK_EVENT_SCORE}),st(0,t+${o.settleS}))`,
    'st(1,gte(t,ld(0)))', 'if(ld(1),st(0,1e12))',
    'st(2,gte(t,ld(3)))', `if(ld(2),st(3,(floor(t/${o.scanS})+1)*${o.scanS}))`,
    'gt(ld(1)+ld(2),0)',
  ].join(';');
  return [
    '[0:v:0]split[upin][lowin]',
    band('iw:ih/6:0:0', 'up', OCR_FILES.upperEvents),
    band('iw:ih/4:0:ih*3/4', 'low', OCR_FILES.lowerEvents),
    '[up]pad=iw:ih+ih/8:0:0:black[uppad]',
    `[uppad][low]vstack,select='${capture}',metadata=print:file=${OCR_FILES.frames},scale=${o.width}:-2,lut=y='if(gt(val,190),255,0)',transpose=1[m0]`,
    se('sv', odd(51), 1), se('sh', odd(61), 1), se('sq', odd(13), odd(13)),
    '[m0][sv]morpho=tophat:structure=first,transpose=2[m1]',
    '[m1][sh]morpho=tophat:structure=first[m2]',
    '[m2][sq]morpho=tophat:structure=first,negate[pages]',
  ].join(';');
}
