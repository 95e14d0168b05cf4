/** Resolved tool paths and limits shared by every operation of the adapter. */
export interface Tools {
  ffmpeg: string;
  ffprobe: string;
  /** ffmpeg's -threads / -filter_complex_threads; undefined lets ffmpeg pick (one per core). */
  threads?: number;
}
