import type { Express } from 'express';

/** One route the express app really serves: method in lower case, path in OpenAPI form (/assets/{id}). */
export interface ServedRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** A route registered with `all` (tus) lists every verb node knows; more than this many means "all". */
const ALL_METHODS = 20;

const toOpenApi = (path: string): string => path.replace(/:(\w+)/g, '{$1}').replace(/\/\*\w+$/, '/{id}');

/**
 * Walks the live express router tree (express 5 / router 2: mounted routers keep their mount path in
 * `rawPath`, routes their path and verbs in `route`), so the test compares what is really served.
 */
export function servedRoutes(app: Express): ServedRoute[] {
  const out: ServedRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        const verbs = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
        for (const p of paths) {
          const path = toOpenApi(prefix + p);
          if (verbs.length > ALL_METHODS || verbs.includes('_all')) out.push({ method: '*', path });
          else for (const v of verbs) out.push({ method: v, path });
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  // The same route mounted twice (health for workers and for the API) counts once.
  return [...new Map(out.map((r) => [`${r.method} ${r.path}`, r])).values()];
}

/** Differences between the served routes and the document's operations ('*' matches any documented verb). */
export function compareWithDocument(served: ServedRoute[], doc: { servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown>> }) {
  const base = doc.servers[0]?.url ?? '';
  // The signed-URL gate consumes the `{token}` segment before the router sees the path (routes/signed.ts).
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path: base + path.replace(/^\/s\/\{token\}\//, '/s/') })));
  // Outside the API: the browser console's static files at `/` are not API operations.
  served = served.filter((r) => r.path.startsWith(`${base}/`));
  const key = (r: ServedRoute) => `${r.method.toUpperCase()} ${r.path}`;
  const undocumented = served.filter((r) => (r.method === '*' ? !documented.some((d) => d.path === r.path) : !documented.some((d) => d.method === r.method && d.path === r.path))).map(key);
  const unserved = documented.filter((d) => !served.some((r) => r.path === d.path && (r.method === d.method || r.method === '*'))).map(key);
  return { undocumented, unserved };
}
