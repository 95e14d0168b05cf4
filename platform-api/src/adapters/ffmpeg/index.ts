export { FfmpegMediaTools, type FfmpegMediaToolsOptions } from './media-tools';
export { FfmpegFrameGrabber, seekSeconds } from './frame';
