import { type ChildProcess } from 'node:child_process';
/**
 * A live source with ground truth by construction (issue 11 "Tests"): testsrc2 with the frame number burnt in,
 * large, white on a black box in the top-left corner, and a 440 Hz sine, pushed in real time (-re) over SRT or RTMP.
 */
export declare const COUNTER_BOX: {
    width: number;
    height: number;
};
export interface Generator {
    proc: ChildProcess;
    /** SIGKILL: the stream stops mid-segment, as a crashed encoder would. */
    kill(): Promise<void>;
    exited: Promise<number | null>;
}
export declare function pushTestSource(url: string, opts: {
    seconds: number;
    fps?: number;
    width?: number;
    height?: number;
}): Generator;
/** A free port on 127.0.0.1 (UDP for SRT/RIST, TCP for RTMP): bind to 0, read it, release it. */
export declare function freePort(kind: 'udp' | 'tcp'): Promise<number>;
/** Frames in a file, by decoding (not the container's guess). */
export declare function countFrames(file: string): Promise<number>;
/**
 * Reads the burnt-in counter of frame `index` of a file with tesseract (digits only, one text line):
 * the counter box is cropped, thresholded to black on white and upscaled nothing — it is already 100 px tall.
 */
export declare function readCounter(file: string, index: number, workDir: string): Promise<number | null>;
