// Types for scripts/uxp-build.mjs (plain ESM so that build scripts of any workspace can import it).
export interface BundleOptions {
  /** The workspace folder holding the page. */
  root: string;
  /** index.html, dev.html, cep.html … relative to root. */
  page: string;
  outDir: string;
  /** esbuild target: es2020 (UXP 7–8), chrome74 (CEP 10), es2022 (browsers). */
  target: string;
}
export function bundlePage(options: BundleOptions): Promise<void>;

export interface UxpPluginBuild {
  uxpDir: string;
  ccx: { outFile: string; files: number };
  devDir: string;
}
export function buildUxpPlugin(options: { root: string; dist: string; name: string; manifest: unknown; target: string }): Promise<UxpPluginBuild>;
