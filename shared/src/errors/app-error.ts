import { isErrorCode, type ErrorCode } from './codes';

/** The wire shape of every error response: `{ "error": { code, message, details } }`. */
export interface WireError {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** The one error type of the suite: a stable code, a human message, optional details, the original cause. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toWire(): WireError {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }

  /** Turns a wire error back into an AppError; anything unrecognised becomes `internal`. */
  static fromWire(body: unknown, fallbackMessage = 'Unexpected response'): AppError {
    const e = (body as Partial<WireError> | undefined)?.error;
    if (e && isErrorCode(e.code) && typeof e.message === 'string') return new AppError(e.code, e.message, e.details);
    return new AppError('internal', fallbackMessage, body);
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
