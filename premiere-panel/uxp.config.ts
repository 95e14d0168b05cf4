import type { PanelConfig } from './src/manifest/uxp-manifest';

/**
 * The panel's build configuration. The version comes from package.json; the servers the panel may talk to
 * come from CUTAWAY_PANEL_SERVERS (comma-separated origins) so each newsroom builds with its own host names.
 */
export function panelConfig(pkgVersion: string, env: Record<string, string | undefined>): PanelConfig {
  const servers = (env.CUTAWAY_PANEL_SERVERS ?? 'https://127.0.0.1:8750,http://127.0.0.1:8750,https://localhost:8750,http://localhost:8750')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { id: 'io.cutaway.premiere', name: 'Cutaway', version: pkgVersion, servers };
}
