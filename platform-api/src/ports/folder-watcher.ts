export interface SettledFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface FolderWatcher {
  /**
   * Reports each file under `dir` once its size has stopped changing for `settleMs`
   * (growing camera files and slow copies), including files already there at start.
   */
  watch(dir: string, options: { recursive: boolean; settleMs: number }, onFile: (file: SettledFile) => void): Promise<{ close: () => Promise<void> }>;
  /** Checks that `dir` is an existing, readable directory; throws watch_folder.path_invalid otherwise. */
  checkDirectory(dir: string): Promise<string>;
  /** Moves a handled source into `destDir` (created if missing), never overwriting. */
  moveInto(path: string, destDir: string): Promise<string>;
}
