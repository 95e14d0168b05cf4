import { describe, expect, it } from 'vitest';
import { extensionOf, MAX_FILE_NAME_BYTES, safeFileName } from './file-names';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('safeFileName', () => {
  it.each([
    ['plain name', 'Interview.mp4', 'Interview.mp4'],
    ['unix traversal', '../../etc/passwd', 'passwd'],
    ['windows path', 'C:\\foo\\bar.mov', 'bar.mov'],
    ['mixed separators', 'a/b\\c/d.wav', 'd.wav'],
    ['trailing separator', 'rushes/day1/', 'day1'],
    ['dot-dot last', 'rushes/..', 'rushes'],
    ['NUL inside', 'a\u0000b.mp4', 'ab.mp4'],
    ['control chars', '\u0007clip\u001b\u007f\u0085.mov', 'clip.mov'],
    ['line breaks become spaces', 'two\nlines.txt', 'two lines.txt'],
    ['bidi override removed', 'clip\u202Evom.exe', 'clipvom.exe'],
    ['dots and spaces trimmed', '  ..hidden name.. ', 'hidden name'],
    ['trailing dot after extension', 'movie.mp4. ', 'movie.mp4'],
    ['dot', '.', 'file'],
    ['dot-dot', '..', 'file'],
    ['empty', '', 'file'],
    ['only separators', '/\\/', 'file'],
    ['extension only', '.mp4', 'file.mp4'],
    ['stem of dots', '....mov', 'file.mov'],
    ['NUL only with extension', '\u0000.wav', 'file.wav'],
    ['emoji kept', '🎬 Mayor 😀.mp4', '🎬 Mayor 😀.mp4'],
    ['sentence is not an extension', 'Mayor. Interview at noon', 'Mayor. Interview at noon'],
    ['double extension keeps the last', 'backup.tar.gz', 'backup.tar.gz'],
    ['lone surrogate replaced', 'a\ud800b.mp4', 'a\ufffdb.mp4'],
  ])('%s', (_label, input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('normalises to NFC', () => {
    const decomposed = 'Cafe\u0301.mov';
    expect(safeFileName(decomposed)).toBe('Caf\u00e9.mov');
  });

  it.each([
    ['300 ASCII characters', `${'a'.repeat(300)}.mov`],
    ['300 emoji (4 bytes each)', `${'😀'.repeat(300)}.mov`],
    ['300 accented letters (2 bytes each)', `${'é'.repeat(300)}.mxf`],
    ['family emoji (ZWJ sequences)', `${'👨‍👩‍👧'.repeat(60)}.mp4`],
    ['one giant grapheme', `a${'\u0301'.repeat(300)}.wav`],
  ])('limits %s to 200 UTF-8 bytes, keeping the extension and whole code points', (_label, input) => {
    const out = safeFileName(input);
    const ext = input.slice(input.lastIndexOf('.'));
    expect(bytes(out)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(out.endsWith(ext)).toBe(true);
    expect(out.length).toBeGreaterThan(ext.length);
    // A split code point would be re-encoded as U+FFFD; a well-formed prefix survives a round trip.
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
    expect(input.normalize('NFC').startsWith(out.slice(0, -ext.length))).toBe(true);
  });

  it('cuts family emoji at a grapheme boundary', () => {
    const family = '👨‍👩‍👧';
    const stem = safeFileName(`${family.repeat(60)}.mp4`).slice(0, -'.mp4'.length);
    expect(stem.length % family.length).toBe(0);
  });

  it('fills the budget for ASCII', () => {
    expect(safeFileName(`${'a'.repeat(300)}.mov`)).toBe(`${'a'.repeat(196)}.mov`);
  });

  it('is idempotent', () => {
    for (const name of ['../../etc/passwd', `${'😀'.repeat(300)}.mov`, ' .x. ', 'C:\\a\\b.c', '']) {
      expect(safeFileName(safeFileName(name))).toBe(safeFileName(name));
    }
  });
});

describe('extensionOf', () => {
  it.each([
    ['clip.mp4', 'mp4'],
    ['CLIP.MOV', 'MOV'],
    ['backup.tar.gz', 'gz'],
    ['../x/y.wav', 'wav'],
    ['C:\\foo\\bar.mov', 'mov'],
    ['.mp4', 'mp4'],
    ['noext', ''],
    ['dir.d/noext', ''],
    ['Mayor. Interview at noon', ''],
    ['trailing.', ''],
    ['clip.mp4. ', 'mp4'],
    ['', ''],
    ['..', ''],
  ])('%j → %j', (input, expected) => {
    expect(extensionOf(input)).toBe(expected);
  });
});
