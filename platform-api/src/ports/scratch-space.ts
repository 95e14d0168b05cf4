/** Temporary working folders for media tools (pipeline outputs, cut files). */
export interface ScratchSpace {
  /** A fresh empty folder; `dispose` removes it and everything in it. */
  create(prefix: string): Promise<{ dir: string; dispose: () => Promise<void> }>;
}
