import { describe, expect, it } from 'vitest';
import { fileUriToNativePath, nativePathToFileUri, safeFileName } from './paths';

describe('native path ⇄ file URI (the drag payload wants file://, importFiles native paths)', () => {
  it('encodes POSIX and Windows paths as Adobe sample does (encodeURI)', () => {
    expect(nativePathToFileUri('/Users/ed/Media Cache/clip #1.mp4')).toBe('file:///Users/ed/Media%20Cache/clip%20%231.mp4');
    expect(nativePathToFileUri('C:\\Media\\Storm ü.mov')).toBe('file:///C:/Media/Storm%20%C3%BC.mov');
  });
  it('round-trips', () => {
    for (const p of ['/tmp/a b/c.mp4', '/x/ü?.wav']) expect(fileUriToNativePath(nativePathToFileUri(p))).toBe(p);
    expect(fileUriToNativePath(nativePathToFileUri('C:\\A B\\c.mp4'))).toBe('C:\\A B\\c.mp4');
  });
  it('refuses relative paths and non-file URIs', () => {
    expect(() => nativePathToFileUri('media/clip.mp4')).toThrow(/absolute/);
    expect(() => fileUriToNativePath('https://x/y')).toThrow(/file URI/);
  });
  it('makes names safe on every OS', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j. ')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeFileName('...')).toBe('media');
  });
});
