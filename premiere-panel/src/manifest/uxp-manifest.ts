import { z } from 'zod';

/**
 * UXP manifest v5 for Premiere Pro, as typed data (PPRO-DOCS plugins/concepts/manifest): one `host`
 * object (an array is for UDT development only and packaging takes its first entry), panel entrypoint
 * sizes, and permissions. Network domains must name scheme and port (UXP blocks undeclared domains with
 * "Failed to fetch"; wildcards in the top-level domain are refused since UXP 7.4).
 */
const Size = z.object({ width: z.number().int().positive(), height: z.number().int().positive() });
const Domain = z
  .string()
  .regex(/^(https?|wss?):\/\/[^/*\s]+(:\d+)?$/, 'a domain is scheme://host[:port] with no path and no wildcard');

export const UxpManifestSchema = z
  .object({
    manifestVersion: z.literal(5),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    name: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'x.y.z'),
    main: z.string().min(1),
    host: z.object({ app: z.literal('premierepro'), minVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/), maxVersion: z.string().optional() }).strict(),
    entrypoints: z
      .array(
        z.object({
          type: z.literal('panel'),
          id: z.string().min(1),
          label: z.object({ default: z.string().min(1) }),
          minimumSize: Size,
          maximumSize: Size,
          preferredDockedSize: Size,
          preferredFloatingSize: Size,
        }),
      )
      .min(1),
    requiredPermissions: z.object({
      network: z.object({ domains: z.array(Domain).min(1) }),
      localFileSystem: z.enum(['plugin', 'request', 'fullAccess']),
      clipboard: z.enum(['read', 'readAndWrite']).optional(),
    }),
  })
  .strict();
export type UxpManifest = z.infer<typeof UxpManifestSchema>;

export interface PanelConfig {
  id: string;
  name: string;
  version: string;
  /** Where the Cutaway server runs, e.g. https://cutaway.newsroom.local:8750; ws/wss are derived. */
  servers: string[];
}

/** Every http(s) server also needs its ws(s) twin: the live event stream is a WebSocket. */
export function networkDomains(servers: string[]): string[] {
  const out = new Set<string>();
  for (const s of servers) {
    const origin = s.trim().replace(/\/+$/, '');
    if (!origin) continue;
    out.add(origin);
    out.add(origin.replace(/^http/, 'ws'));
  }
  return [...out];
}

export function buildUxpManifest(cfg: PanelConfig): UxpManifest {
  return UxpManifestSchema.parse({
    manifestVersion: 5,
    id: cfg.id,
    name: cfg.name,
    version: cfg.version,
    main: 'index.html',
    // SequenceEditor, importFiles with lockedAccess/executeTransaction: "Since 25.6"; 26.3 made the lock mandatory.
    host: { app: 'premierepro', minVersion: '25.6.0' },
    entrypoints: [
      {
        type: 'panel',
        id: 'cutaway.search',
        label: { default: 'Cutaway' },
        minimumSize: { width: 260, height: 300 },
        maximumSize: { width: 2000, height: 2000 },
        preferredDockedSize: { width: 360, height: 640 },
        preferredFloatingSize: { width: 480, height: 720 },
      },
    ],
    requiredPermissions: {
      network: { domains: networkDomains(cfg.servers) },
      // Drag and drop of local files into the timeline needs fullAccess (AdobeDocs/uxp-premiere-pro#52).
      localFileSystem: 'fullAccess',
      clipboard: 'readAndWrite',
    },
  });
}
