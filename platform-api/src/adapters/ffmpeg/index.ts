export { FfmpegMediaTools, type FfmpegMediaToolsOptions } from './media-tools';
