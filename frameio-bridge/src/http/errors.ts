import type { ServerResponse } from 'node:http';
import { AppError, type ErrorCode } from '@cutaway/shared';

/** Statuses for the codes the bridge's own edge returns (same wire shape as platform-api). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  'webhook.signature_invalid': 401,
  'webhook.stale': 401,
  'webhook.malformed': 400,
  'request.too_large': 413,
  'route.not_found': 404,
  'frameio.auth_failed': 502,
  'config.invalid': 500,
  internal: 500,
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof AppError ? err : new AppError('internal', 'Internal error');
  sendJson(res, STATUS[e.code] ?? 500, e.toWire());
}
