import { AppError } from '@cutaway/shared';
import type { XmlObject } from './xml';

/**
 * Typed reads from a parsed element, with the element path in every error
 * (`roCreate.story[2].item[0].objID`, ARCHITECTURE.md "Errors").
 */
export class Reader {
  constructor(
    private readonly node: XmlObject,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): Reader {
    if (value === '' || value === undefined) return new Reader({}, path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(path, 'is not an element');
    return new Reader(value as XmlObject, path);
  }

  has(key: string): boolean {
    return this.node[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.node);
  }

  /** Required text; empty is allowed (MOS sends `<roSlug></roSlug>`). */
  str(key: string): string {
    const v = this.opt(key);
    if (v === undefined) throw fail(`${this.path}.${key}`, 'is required');
    return v;
  }

  /** Optional text: absent → undefined. */
  opt(key: string): string | undefined {
    const v = this.node[key];
    if (v === undefined) return undefined;
    return text(v, `${this.path}.${key}`);
  }

  /** Optional text; empty counts as absent (`<storyNum></storyNum>`). */
  optNonEmpty(key: string): string | undefined {
    const v = this.opt(key);
    return v === undefined || v === '' ? undefined : v;
  }

  /** Optional number; MOS numbers are decimal text, or hex for ids (`0xFF55`, MOS 2.8.5 §6). */
  num(key: string): number | undefined {
    const v = this.optNonEmpty(key);
    if (v === undefined) return undefined;
    const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : Number(v);
    if (!Number.isFinite(n)) throw fail(`${this.path}.${key}`, `is not a number: ${JSON.stringify(v.slice(0, 40))}`);
    return n;
  }

  attr(key: string): string | undefined {
    const v = this.node[`@${key}`];
    return typeof v === 'string' ? v : undefined;
  }

  /** Repeated (or single) child elements as readers. */
  list(key: string): Reader[] {
    const v = this.node[key];
    if (v === undefined) return [];
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((x, i) => Reader.of(x, `${this.path}.${key}[${i}]`));
  }

  /** Repeated text elements. */
  texts(key: string): string[] {
    const v = this.node[key];
    if (v === undefined) return [];
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((x, i) => text(x, `${this.path}.${key}[${i}]`));
  }

  child(key: string): Reader {
    const v = this.node[key];
    if (Array.isArray(v)) return Reader.of(v[0], `${this.path}.${key}`);
    return Reader.of(v, `${this.path}.${key}`);
  }

  raw(key: string): unknown {
    return this.node[key];
  }
}

function text(v: unknown, path: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const t = (v as XmlObject)['#text'];
    // An element with attributes only, or text plus attributes.
    if (t === undefined) return Object.keys(v).every((k) => k.startsWith('@')) ? '' : failText(path);
    return String(t);
  }
  if (Array.isArray(v)) throw fail(path, 'appears more than once');
  return String(v);
}

function failText(path: string): never {
  throw fail(path, 'should be text but holds elements');
}

export function fail(path: string, what: string): AppError {
  return new AppError('mos.parse_failed', `${path} ${what}`, { path });
}
