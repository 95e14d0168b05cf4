import type { AssetType } from '@cutaway/shared';
import { extensionOf } from './file-names';

/**
 * Documents (scripts, rundown printouts, PDFs) are catalogued without probing;
 * everything else must be media that ffprobe understands, or it fails with ffprobe's reason.
 */
const DOCUMENTS: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xml: 'application/xml',
  json: 'application/json',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
};

const MEDIA: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mxf: 'application/mxf',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  ts: 'video/mp2t',
  mts: 'video/mp2t',
  mpg: 'video/mpeg',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
  psd: 'image/vnd.adobe.photoshop',
};

export function isDocumentName(fileName: string): boolean {
  return extensionOf(fileName).toLowerCase() in DOCUMENTS;
}

export function mimeFor(fileName: string): string {
  const ext = extensionOf(fileName).toLowerCase();
  return DOCUMENTS[ext] ?? MEDIA[ext] ?? 'application/octet-stream';
}

/** A first guess from the name; probing decides for media. */
export function guessType(fileName: string): AssetType {
  const mime = mimeFor(fileName);
  if (isDocumentName(fileName)) return 'document';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('image/')) return 'image';
  return 'video';
}
