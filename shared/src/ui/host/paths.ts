/**
 * Native path ⇄ file:// URI, the one converter for every host (adobe.md "Paths": importFiles wants native
 * paths, UXP storage and the drag payload want file:// URIs). Windows `C:\x y` → `file:///C:/x%20y`.
 */
export function nativePathToFileUri(nativePath: string): string {
  const slashed = nativePath.replace(/\\/g, '/');
  const withRoot = /^[A-Za-z]:\//.test(slashed) ? `/${slashed}` : slashed;
  if (!withRoot.startsWith('/')) throw new TypeError(`not an absolute path: ${nativePath}`);
  return `file://${encodeURI(withRoot).replace(/[?#]/g, encodeURIComponent)}`;
}

export function fileUriToNativePath(uri: string, windows = false): string {
  const m = /^file:(?:\/\/)?(\/.*)$/i.exec(uri);
  if (!m?.[1]) throw new TypeError(`not a file URI: ${uri}`);
  const path = decodeURIComponent(m[1]);
  if (windows || /^\/[A-Za-z]:\//.test(path)) return path.slice(1).replace(/\//g, '\\');
  return path;
}

/** A file name safe on Windows, macOS and Linux: no separators, reserved characters or trailing dots. */
export function safeFileName(name: string, fallback = 'media'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 120);
  return cleaned || fallback;
}
