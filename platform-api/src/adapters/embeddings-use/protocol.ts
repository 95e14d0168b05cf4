/** Messages between UseTextEmbedder and its worker thread (structured-clone safe). */

export interface EmbedRequest {
  id: number;
  texts: string[];
}

export type WorkerMessage =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; message: string }
  /** `data` holds `count` vectors of 512 floats back to back; its buffer is transferred, not copied. */
  | { type: 'result'; id: number; data: Float32Array; count: number }
  | { type: 'error'; id: number; message: string };
