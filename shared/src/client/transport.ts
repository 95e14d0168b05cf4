import { AppError } from '../errors/index';
import { withQuery, type Query } from './url';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `stream` yields the runtime's own stream type (a web ReadableStream with fetch, a Node Readable with axios). */
export type ResponseType = 'json' | 'arraybuffer' | 'stream';

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL; `query` is appended by the transport. */
  url: string;
  headers: Record<string, string>;
  query?: Query;
  /** FormData, Blob, ArrayBuffer and typed arrays are sent as they are; anything else as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Default `json`: the parsed body, the raw text when it is not JSON (a proxy's HTML 502), or undefined when empty. */
  responseType?: ResponseType;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Resolves for every HTTP status, so the client alone maps error bodies to AppError;
 * rejects only when no response arrived (network failure, abort).
 */
export interface HttpTransport {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Bodies the runtime sends untouched; FormData must keep its own multipart Content-Type (with the boundary). */
export function isRawBody(body: unknown): boolean {
  return (
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

export function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export type FetchLike = typeof fetch;

/** The transport for UXP, browsers and Node ≥ 18: only standard fetch, no Node built-ins. */
export function fetchTransport(fetchImpl: FetchLike | undefined = globalThis.fetch): HttpTransport {
  if (typeof fetchImpl !== 'function') throw new AppError('config.invalid', 'fetch is not available here; pass fetchImpl');
  return {
    async request(req) {
      const headers = { ...req.headers };
      let body: RequestInit['body'];
      if (isRawBody(req.body)) body = req.body as RequestInit['body'];
      else if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
      }
      // Called as a plain function, never as `this.fetch(...)`: a detached browser fetch throws "Illegal invocation".
      const res = await fetchImpl(withQuery(req.url, req.query), { method: req.method, headers, body, signal: req.signal });
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        resHeaders[name.toLowerCase()] = value;
      });
      const type = req.responseType ?? 'json';
      const resBody = type === 'stream' ? res.body : type === 'arraybuffer' ? await res.arrayBuffer() : parseJsonText(await res.text());
      return { status: res.status, headers: resHeaders, body: resBody };
    },
  };
}

export function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
