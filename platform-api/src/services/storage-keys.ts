/**
 * Every object key platform-api writes. Keys come from generated ids only
 * (docs/architecture.md "Storage keys"); user file names are display metadata.
 */
export const assetPrefix = (id: string) => `assets/${id}`;
export const originalKey = (id: string) => `assets/${id}/original`;
export const proxyKey = (id: string) => `assets/${id}/proxy.mp4`;
export const audioProxyKey = (id: string) => `assets/${id}/proxy.m4a`;
export const spriteKey = (id: string) => `assets/${id}/sprite.jpg`;
export const posterKey = (id: string) => `assets/${id}/poster.jpg`;
export const previewKey = (id: string) => `assets/${id}/preview.jpg`;
export const thumbnailKey = (id: string, atMs: number) => `assets/${id}/thumbs/${String(atMs).padStart(10, '0')}.jpg`;
/** Cached exact frames: one object per frame, size and format (frame-service.ts). */
export const framePrefix = (id: string) => `assets/${id}/frames`;
export const frameKey = (id: string, frame: number, width: number | null, format: 'png' | 'jpeg') =>
  `${framePrefix(id)}/${String(frame).padStart(8, '0')}-${width ?? 'src'}.${format === 'png' ? 'png' : 'jpg'}`;
/** The best face of a face track (issue 17). */
export const faceThumbKey = (assetId: string, trackId: string) => `assets/${assetId}/faces/${trackId}.jpg`;
