// Pure frame/timecode math (SMPTE ST 12-1, Premiere ticks). No Node APIs: this also runs in UXP.
// `Rate` itself is exported by ../schemas/common.
export { RATES, parseRate, nominalFps, isDropFrameCapable, rateToNumber, assertRate, normalizeRate, type RateName } from './rate';
export { framesToTimecode, timecodeToFrames, framesPerDay, type TimecodeOptions } from './smpte';
export { msToFrames, framesToMs, msToTimecode, timecodeToMs, type MsTimecodeOptions } from './ms';
export { TICKS_PER_SECOND, parseTicks, msToTicks, ticksToMs, framesToTicks, ticksToFrames, type Ticks } from './ticks';
export type { Rounding } from './rounding';
