/** Query values: `undefined`/`null` and empty arrays are dropped; arrays go comma-separated, as the API expects. */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/** `?a=1&b=x%2Cy`, or '' when nothing is left. Built by hand: UXP's URL/URLSearchParams support is uneven. */
export function queryString(query: Query | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (isList(value) && value.length === 0) continue;
    const text = isList(value) ? value.join(',') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export function withQuery(url: string, query: Query | undefined): string {
  const qs = queryString(query);
  if (qs === '') return url;
  return url.includes('?') ? `${url}&${qs.slice(1)}` : url + qs;
}

/** `https://host/prefix/` and `https://host/prefix/api/v1` both become `https://host/prefix/api/v1`. */
export function apiRoot(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
}

/** One path segment; ids are opaque, so never trust them not to hold `/`, `?` or `#`. */
export const seg = (value: string): string => encodeURIComponent(value);

function isList(value: QueryValue): value is readonly string[] {
  return Array.isArray(value);
}
