import { AppError, type ErrorCode } from '@cutaway/shared';

/** Longest provider message we carry: enough for "model not found: …", not a whole HTML error page. */
const MAX_PROVIDER_MESSAGE = 300;

/**
 * Removes the API key from any text we did not write ourselves. Providers echo keys back
 * (OpenAI's 401 says "Incorrect API key provided: sk-…"), and a proxy may echo headers.
 */
export function redact(text: string, apiKey: string | undefined): string {
  let out = text.replace(/(bearer\s+)[^\s"',;]+/gi, '$1[redacted]');
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out;
}

/**
 * The human reason in an error body: OpenAI's `{ error: { message } }`, FastAPI's `{ detail }`
 * (faster-whisper servers), llama.cpp's `{ error: { message } }`, or the start of plain text.
 */
export function providerMessage(body: string, apiKey: string | undefined): string | undefined {
  let msg: unknown;
  try {
    const json = JSON.parse(body) as { error?: unknown; detail?: unknown; message?: unknown };
    const err = json.error as { message?: unknown } | string | undefined;
    msg = typeof err === 'string' ? err : (err?.message ?? json.detail ?? json.message);
    if (msg !== undefined && typeof msg !== 'string') msg = JSON.stringify(msg);
  } catch {
    msg = body;
  }
  if (typeof msg !== 'string') return undefined;
  const clean = redact(msg.replace(/\s+/g, ' ').trim(), apiKey);
  if (!clean) return undefined;
  return clean.length > MAX_PROVIDER_MESSAGE ? `${clean.slice(0, MAX_PROVIDER_MESSAGE)}…` : clean;
}

export interface FailureDetails {
  endpoint: string;
  attempts: number;
  status?: number;
  /** Network error code (ECONNREFUSED, ECONNRESET…) or 'timeout'. */
  network?: string;
  providerMessage?: string;
  /** What the server's Retry-After asked for, when it said. */
  retryAfterMs?: number;
}

/**
 * Our own error for a failed call. Never wrap the axios error: its `config.headers` carry the
 * Authorization header and loggers serialise `cause`. The cause we attach is a bare Error
 * built from redacted text.
 */
export function aiFailure(code: ErrorCode, message: string, details: FailureDetails, apiKey: string | undefined, cause?: string): AppError {
  const safeMessage = redact(message, apiKey);
  const safeDetails = JSON.parse(redact(JSON.stringify(details), apiKey)) as FailureDetails;
  return new AppError(code, safeMessage, safeDetails, cause === undefined ? undefined : { cause: new Error(redact(cause, apiKey)) });
}

/** The code for a failed HTTP status once we stop retrying. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 429) return 'ai.rate_limited';
  if (status === 408 || status === 409 || status >= 500) return 'ai.unavailable';
  return 'ai.rejected';
}

export function describeStatus(endpoint: string, status: number, provider: string | undefined): string {
  const what =
    status === 401 || status === 403 ? 'refused our credentials'
    : status === 404 ? 'has no such endpoint or model'
    : status === 413 ? 'found the request too large'
    : status === 429 ? 'is rate limiting us'
    : status >= 500 ? 'failed'
    : 'rejected the request';
  return `AI provider ${what} (HTTP ${status} on ${endpoint})${provider ? `: ${provider}` : ''}`;
}
