import { hasHeader, isRawBody, parseJsonText, type HttpTransport } from './transport';
import { withQuery } from './url';

/** The request config this adapter sends; a subset of axios's AxiosRequestConfig. */
export interface AxiosLikeConfig {
  method: string;
  url: string;
  headers: Record<string, string>;
  data?: unknown;
  signal?: AbortSignal;
  responseType: 'text' | 'arraybuffer' | 'stream';
  validateStatus: (status: number) => boolean;
  maxBodyLength: number;
}

/**
 * The slice of an axios instance we use, typed structurally: shared has no axios dependency,
 * Node services pass their own `axios.create()`.
 */
export interface AxiosLike {
  request(config: AxiosLikeConfig): Promise<{ status: number; headers: unknown; data: unknown }>;
}

export function axiosTransport(axios: AxiosLike): HttpTransport {
  return {
    async request(req) {
      const headers = { ...req.headers };
      let data: unknown;
      if (isRawBody(req.body)) data = req.body;
      else if (req.body !== undefined) {
        // Stringified here so a JSON string body means the same as with fetchTransport.
        data = JSON.stringify(req.body);
        if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
      }
      const type = req.responseType ?? 'json';
      const res = await axios.request({
        method: req.method,
        url: withQuery(req.url, req.query),
        headers,
        data,
        signal: req.signal,
        // 'text' then our own parse: axios's silent JSON parsing would differ from fetchTransport on odd bodies.
        responseType: type === 'json' ? 'text' : type,
        // Statuses are the client's business (the HttpTransport contract); axios would throw on 4xx/5xx.
        validateStatus: () => true,
        // axios caps Node request bodies at 10 MB by default; media uploads are far larger.
        maxBodyLength: Infinity,
      });
      return { status: res.status, headers: flattenHeaders(res.headers), body: decode(res.data, type) };
    },
  };
}

function decode(data: unknown, type: 'json' | 'arraybuffer' | 'stream'): unknown {
  if (type === 'json') return typeof data === 'string' ? parseJsonText(data) : data;
  // Node axios returns a Buffer; hand back a plain ArrayBuffer as fetchTransport does.
  if (type === 'arraybuffer' && data instanceof Uint8Array) {
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  }
  return data;
}

/** AxiosHeaders keeps each header as an own property; values may be arrays (set-cookie) or numbers. */
function flattenHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null || typeof value === 'function') continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
