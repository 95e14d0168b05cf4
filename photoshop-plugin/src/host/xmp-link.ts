import type { CutawayLink } from './types';

/**
 * Cutaway's XMP namespace. XMP (ISO 16684-1 §6.2) qualifies every property by a namespace URI; a private
 * URI under the project's name keeps the link apart from Dublin Core, Photoshop's own and every other schema.
 */
export const CUTAWAY_XMP_NS = 'https://cutaway.dev/ns/xmp/1.0/';
export const CUTAWAY_XMP_PREFIX = 'cutaway';

const FIELDS = ['assetId', 'version', 'firstId', 'frameMs', 'timecode'] as const;

/** The subset of UXP's XMPMeta (uxp.xmp, since UXP 7.2) the link uses; names as in @adobe/cc-ext-uxp-types. */
export interface XmpMetaLike {
  getProperty(schemaNS: string, propName: string): { value: unknown } | undefined;
  setProperty(schemaNS: string, propName: string, propValue: string): void;
  deleteProperty(schemaNS: string, propName: string): void;
  serialize(): string;
}
export interface XmpModuleLike {
  XMPMeta: { new (packet?: string): XmpMetaLike; registerNamespace(namespaceURI: string, suggestedPrefix: string): string };
}

export function writeLink(meta: XmpMetaLike, link: CutawayLink): void {
  for (const f of FIELDS) {
    const v = link[f];
    if (v === null) meta.deleteProperty(CUTAWAY_XMP_NS, f);
    else meta.setProperty(CUTAWAY_XMP_NS, f, String(v));
  }
}

/** Null unless at least the asset id and a positive version are there; numbers that do not parse become null. */
export function readLink(meta: XmpMetaLike): CutawayLink | null {
  const get = (f: (typeof FIELDS)[number]) => {
    const v = meta.getProperty(CUTAWAY_XMP_NS, f)?.value;
    return v === undefined || v === null || v === '' ? null : String(v);
  };
  const assetId = get('assetId');
  const version = Number(get('version'));
  if (!assetId || !Number.isInteger(version) || version < 1) return null;
  const frameMs = get('frameMs');
  return {
    assetId,
    version,
    firstId: get('firstId') ?? assetId,
    frameMs: frameMs !== null && /^\d+$/.test(frameMs) ? Number(frameMs) : null,
    timecode: get('timecode'),
  };
}
