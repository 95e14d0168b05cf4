import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '@cutaway/shared';

/**
 * Elements that may repeat. fast-xml-parser would turn one <story> into an object and two into an
 * array; listing them makes the shape stable. Keys are element names, or `parent.child` where the
 * name repeats only in some parents (roAck's per-item status fields, element_source's id lists).
 */
const ALWAYS_ARRAY = new Set([
  'story', 'item', 'storyItem', 'mosExternalMetadata', 'objPath', 'objProxyPath', 'objMetadataPath', 'mosProfile', 'ro', 'mosObj',
  'searchGroup', 'searchField', 'defaultActiveX', 'storyPresenter', 'p',
]);
const ARRAY_IN_PARENT = new Set([
  'roAck.storyID', 'roAck.itemID', 'roAck.objID', 'roAck.itemChannel', 'roAck.status',
  'element_source.storyID', 'element_source.itemID',
  'roStoryMove.storyID', 'roStoryMoveMultiple.storyID', 'roStorySwap.storyID', 'roStoryDelete.storyID',
  'roItemDelete.itemID', 'roItemMoveMultiple.itemID', 'mosListSearchableSchema.mosSchema',
]);
// mosObj is a list in mosListAll/mosObjList but a single object elsewhere (mosObj message, storyItem).
const SINGLE_IN_PARENT = new Set(['mos.mosObj', 'storyItem.mosObj', 'ncsAppInfo.mosObj']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // <roID>007</roID> must stay "007" (ARCHITECTURE.md codec sketch).
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  // Opaque vendor XML and HTML-ish text are kept as written (MOS 2.8.5 §3.1.2: preserve mosPayload).
  stopNodes: ['*.mosPayload', '*.mosAbstract', '*.description'],
  isArray: (name, jpath) => {
    const parts = String(jpath).split('.');
    const pair = `${parts[parts.length - 2] ?? ''}.${name}`;
    if (SINGLE_IN_PARENT.has(pair)) return false;
    return ALWAYS_ARRAY.has(name) || ARRAY_IN_PARENT.has(pair);
  },
});

export type XmlObject = Record<string, unknown>;

/** Parses one complete `<mos>` document; malformed XML is `mos.parse_failed` with the parser's line. */
export function parseXml(xml: string): XmlObject {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new AppError('mos.parse_failed', `Malformed XML: ${valid.err.msg} (line ${valid.err.line})`, { line: valid.err.line, code: valid.err.code });
  }
  return parser.parse(xml) as XmlObject;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 cannot carry at all (control characters other than tab, CR, LF).
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export const esc = (s: string): string => s.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `<name>value</name>`, or nothing when the value is absent. */
export function el(name: string, value: string | number | undefined | null): string {
  return value === undefined || value === null ? '' : `<${name}>${esc(String(value))}</${name}>`;
}
/** Markup kept raw on read (mosPayload, mosAbstract, description) goes back out raw. */
export function rawEl(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${value}</${name}>`;
}

/** Undoes entity escaping of a raw (stop-node) text that holds no markup, for display. */
export function plainText(raw: string): string {
  return raw
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_m, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!)
    .replace(/\s+/g, ' ')
    .trim();
}
