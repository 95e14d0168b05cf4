import type { PluginConfig } from './src/manifest/uxp-manifest';

/**
 * The plugin's build configuration. The version comes from package.json; the servers the plugin may reach
 * come from CUTAWAY_PLUGIN_SERVERS (comma-separated origins) so each newsroom builds with its own host names.
 */
export function pluginConfig(pkgVersion: string, env: Record<string, string | undefined>): PluginConfig {
  const servers = (env.CUTAWAY_PLUGIN_SERVERS ?? 'https://127.0.0.1:8750,http://127.0.0.1:8750,https://localhost:8750,http://localhost:8750')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { id: 'io.cutaway.photoshop', name: 'Cutaway', version: pkgVersion, servers };
}
