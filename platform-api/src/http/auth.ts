import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, type Role, type TokenInfo } from '@cutaway/shared';
import { roleAllows, type TokenService } from '../services/token-service';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: TokenInfo;
  }
}

/**
 * `Authorization: Bearer <token>`; `?token=` is accepted for GET only, because UXP WebSockets and
 * <video>/<img> elements cannot send headers. Tokens in URLs end up in proxies' logs: keep them on GETs.
 */
export function bearerToken(req: { method?: string; headers: Record<string, string | string[] | undefined>; url?: string }): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m?.[1] ?? null;
  }
  if (req.method === 'GET' && req.url) {
    const token = new URL(req.url, 'http://x').searchParams.get('token');
    if (token) return token;
  }
  return null;
}

export function authenticate(tokens: TokenService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const secret = bearerToken(req);
    if (!secret) return next(new AppError('auth.required', 'Send Authorization: Bearer <token>'));
    try {
      req.caller = await tokens.authenticate(secret);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Reads need viewer; the role each write needs is declared on its route. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const caller = req.caller;
    if (!caller) return next(new AppError('auth.required', 'Not authenticated'));
    if (!roleAllows(caller.role, role)) return next(new AppError('auth.forbidden', `This needs the ${role} role; the token has ${caller.role}`));
    next();
  };
}

/** Default rule: GET/HEAD for viewers, anything else for editors; routes ask for more where needed. */
export const writeNeedsEditor: RequestHandler = (req, res, next) =>
  req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' ? next() : requireRole('editor')(req, res, next);
