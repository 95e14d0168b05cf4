import { AppError } from '../errors/index';

/** Every failure in this module is one `timecode.invalid` AppError; details stay JSON-safe (no bigint). */
export function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('timecode.invalid', message, details);
}

/** A value for error details: bigint does not survive JSON.stringify, so it travels as a string. */
export function jsonSafe(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Accepts a safe integer (and, if asked, only ≥ 0); NaN, 1.5, 2 ** 60 and '3' all throw. */
export function requireInteger(value: unknown, name: string, opts: { nonNegative?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid(`${name} must be a safe integer`, { [name]: jsonSafe(value) });
  }
  if (opts.nonNegative && value < 0) throw invalid(`${name} must not be negative`, { [name]: value });
  return value;
}
