/** Messages between the vision worker threads and the pool (vision-worker.ts ↔ worker-pool.ts). */
export interface VisionRequest {
  id: number;
  /** RGB24 pixels, width × height × 3. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** faces: BlazeFace only; describe: BlazeFace + mesh + descriptor; objects: CenterNet. */
  task: 'faces' | 'describe' | 'objects';
}

export interface RawFace {
  /** Pixels: x, y, w, h. */
  box: [number, number, number, number];
  score: number;
  embedding: number[] | null;
}

export interface RawObject {
  label: string;
  score: number;
  box: [number, number, number, number];
}

export type VisionMessage =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; message: string }
  | { type: 'result'; id: number; faces: RawFace[]; objects: RawObject[] }
  | { type: 'error'; id: number; message: string };
