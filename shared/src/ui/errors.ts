import { AppError, isAppError } from '../errors/index';

/**
 * What to tell a person when an action fails: the three connection failures the issue names
 * (server unreachable, token refused, domain not allowed) get their own wording and next step.
 */
export function userMessage(err: unknown, ctx: { serverUrl?: string; networkHint?: string } = {}): string {
  if (isAppError(err)) {
    switch (err.code) {
      case 'auth.required':
      case 'auth.invalid_token':
        return 'The server refused the token. Paste a valid token in Connection settings (ask an admin for one).';
      case 'auth.forbidden':
        return `Your token is not allowed to do this: ${err.message}`;
      case 'internal':
        if (err.message === 'network error') {
          const where = ctx.serverUrl ? ` at ${ctx.serverUrl}` : '';
          return `Cannot reach the Cutaway server${where}. Check that it is running and the URL is right.${ctx.networkHint ? ` ${ctx.networkHint}` : ''}`;
        }
        if (err.message === 'request aborted') return 'Cancelled.';
        return err.message;
      default:
        return err.message;
    }
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

export const isAbort = (err: unknown): boolean => err instanceof AppError && err.message === 'request aborted';
