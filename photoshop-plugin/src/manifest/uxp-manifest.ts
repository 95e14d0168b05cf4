/**
 * The UXP manifest v5 as typed data (PS-DOCS uxp-guide manifest-v5; Bolt UXP's uxp.config.ts idea).
 * Only the fields this plugin uses are typed; build.ts writes the result to dist/photoshop-plugin/manifest.json.
 */
export interface PluginConfig {
  id: string;
  name: string;
  /** x.y.z */
  version: string;
  /** Origins the plugin may reach, e.g. https://cutaway.newsroom.example:8750. */
  servers: string[];
}

export interface UxpManifestV5 {
  manifestVersion: 5;
  id: string;
  name: string;
  version: string;
  main: string;
  /** One object, not an array: packaging takes only a single host (PPRO-DOCS distribution/package). */
  host: { app: 'PS'; minVersion: string };
  entrypoints: Array<{
    type: 'panel';
    id: string;
    label: { default: string };
    minimumSize: { width: number; height: number };
    maximumSize: { width: number; height: number };
    preferredDockedSize: { width: number; height: number };
    preferredFloatingSize: { width: number; height: number };
  }>;
  requiredPermissions: {
    network: { domains: string[] };
    localFileSystem: 'plugin' | 'request' | 'fullAccess';
  };
}

/**
 * Photoshop 25.0 or newer: XMP through `require('uxp').xmp` needs UXP 7.2 and FormData with binary parts
 * UXP 7.3 (adobe.md §1 networking, §3 XMP); manifest v5 itself needs PS 23.3.
 */
export const MIN_PHOTOSHOP = '25.0.0';

/** Panel sizes the screenshots are taken at (narrow docked, tall docked, floating). */
export const PANEL_SIZES = { minimum: { width: 240, height: 320 }, docked: { width: 320, height: 640 }, floating: { width: 480, height: 720 } } as const;

export function buildUxpManifest(c: PluginConfig): UxpManifestV5 {
  if (!/^\d+\.\d+\.\d+$/.test(c.version)) throw new Error(`manifest version must be x.y.z, got ${c.version}`);
  const domains = new Set<string>();
  for (const server of c.servers) {
    const u = new URL(server);
    // Named with scheme and port (localhost needs both: uxp-photoshop issue 321); ws(s) for the event stream.
    const origin = `${u.protocol}//${u.host}`;
    domains.add(origin);
    domains.add(origin.replace(/^http/, 'ws'));
  }
  return {
    manifestVersion: 5,
    id: c.id,
    name: c.name,
    version: c.version,
    main: 'index.html',
    host: { app: 'PS', minVersion: MIN_PHOTOSHOP },
    entrypoints: [
      {
        type: 'panel',
        id: 'cutaway.panel',
        label: { default: c.name },
        minimumSize: PANEL_SIZES.minimum,
        maximumSize: { width: 2000, height: 2000 },
        preferredDockedSize: PANEL_SIZES.docked,
        preferredFloatingSize: PANEL_SIZES.floating,
      },
    ],
    // Downloads go to plugin-temp:/ and exports too: the default "plugin" file-system access suffices.
    requiredPermissions: { network: { domains: [...domains] }, localFileSystem: 'plugin' },
  };
}
