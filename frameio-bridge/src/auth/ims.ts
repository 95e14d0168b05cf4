import { randomBytes } from 'node:crypto';
import { AppError } from '@cutaway/shared';
import type { SecretStore } from '../state/secrets';

/** Hands out a valid Adobe IMS access token for Frame.io calls. */
export interface TokenProvider {
  accessToken(): Promise<string>;
  /** After a 401: forget the cached token so the next call gets a fresh one. */
  invalidate(): void;
}

interface ImsTokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/** frameio-kit's default when IMS omits expires_in (docs/frameio.md §1.2). */
const DEFAULT_EXPIRES_S = 3600;
/** Refresh this long before expiry (or at 90 % of a short lifetime) so no call carries a token about to die. */
const EARLY_S = 120;

const REFRESH_TOKEN = 'ims.refresh_token';

async function tokenCall(imsBase: string, form: Record<string, string>, fetchImpl: typeof fetch): Promise<ImsTokenResponse & { obtainedAt: number }> {
  let res: Response;
  try {
    res = await fetchImpl(`${imsBase}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  } catch (cause) {
    throw new AppError('frameio.auth_failed', 'Adobe IMS is unreachable', { imsBase }, { cause });
  }
  const text = await res.text();
  let body: Partial<ImsTokenResponse> & { error?: string; error_description?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: reported below without the body (it may echo credentials)
  }
  if (!res.ok || typeof body.access_token !== 'string') {
    // Never put the request form or the raw body in the error: they hold the client secret or a code.
    throw new AppError('frameio.auth_failed', `Adobe IMS refused the token request (HTTP ${res.status}${body.error ? `: ${body.error}` : ''})`, { status: res.status, error: body.error ?? null });
  }
  return { access_token: body.access_token, refresh_token: body.refresh_token, expires_in: body.expires_in, obtainedAt: Date.now() };
}

const expiresAt = (t: { obtainedAt: number; expires_in?: number }) => {
  const life = t.expires_in ?? DEFAULT_EXPIRES_S;
  return t.obtainedAt + Math.min(life - EARLY_S, life * 0.9) * 1000;
};

/** Server-to-server: client credentials, no refresh token — a new token is simply requested (docs/frameio.md §1.2). */
export class ClientCredentialsAuth implements TokenProvider {
  private cached: { token: string; until: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly o: { imsBase: string; clientId: string; clientSecret: string; scope?: string; fetchImpl?: typeof fetch }) {}

  async accessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.until) return this.cached.token;
    // One request in flight for every concurrent caller (parallel parts would otherwise stampede IMS).
    this.pending ??= tokenCall(
      this.o.imsBase,
      { grant_type: 'client_credentials', client_id: this.o.clientId, client_secret: this.o.clientSecret, scope: this.o.scope ?? 'openid,AdobeID,frame.s2s.all' },
      this.o.fetchImpl ?? fetch,
    )
      .then((t) => {
        this.cached = { token: t.access_token, until: expiresAt(t) };
        return t.access_token;
      })
      .finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }
}

/**
 * User OAuth (Web App): authorization code → access + refresh token. The refresh token is stored
 * sealed (SecretStore) and replaced whenever IMS returns a new one — integrators who forgot that lost
 * their sessions (docs/frameio.md §1.2).
 */
export class UserOAuth implements TokenProvider {
  private cached: { token: string; until: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly states = new Map<string, number>();

  constructor(
    private readonly o: { imsBase: string; clientId: string; clientSecret: string; redirectUri: string; secrets: SecretStore; fetchImpl?: typeof fetch; scope?: string },
  ) {}

  /** Where to send the browser; `state` guards the callback against forgery (10 minutes). */
  authorizeUrl(): string {
    const state = randomBytes(16).toString('hex');
    this.states.set(state, Date.now() + 600_000);
    const q = new URLSearchParams({
      client_id: this.o.clientId,
      redirect_uri: this.o.redirectUri,
      scope: this.o.scope ?? 'openid email profile offline_access additional_info.roles',
      response_type: 'code',
      state,
    });
    return `${this.o.imsBase}/ims/authorize/v2?${q.toString()}`;
  }

  async completeAuthorization(code: string, state: string): Promise<void> {
    const until = this.states.get(state);
    this.states.delete(state);
    if (!until || until < Date.now()) throw new AppError('frameio.auth_failed', 'Unknown or expired OAuth state; start the sign-in again');
    const t = await tokenCall(
      this.o.imsBase,
      { grant_type: 'authorization_code', code, client_id: this.o.clientId, client_secret: this.o.clientSecret, redirect_uri: this.o.redirectUri },
      this.o.fetchImpl ?? fetch,
    );
    if (!t.refresh_token) throw new AppError('frameio.auth_failed', 'Adobe IMS returned no refresh token: is offline_access in the scopes?');
    this.o.secrets.set(REFRESH_TOKEN, t.refresh_token);
    this.cached = { token: t.access_token, until: expiresAt(t) };
  }

  get signedIn(): boolean {
    return this.o.secrets.get(REFRESH_TOKEN) !== null;
  }

  async accessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.until) return this.cached.token;
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async refresh(): Promise<string> {
    const refreshToken = this.o.secrets.get(REFRESH_TOKEN);
    if (!refreshToken) throw new AppError('frameio.auth_failed', 'Not signed in to Frame.io: open /oauth/start on the bridge');
    const t = await tokenCall(
      this.o.imsBase,
      { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.o.clientId, client_secret: this.o.clientSecret },
      this.o.fetchImpl ?? fetch,
    );
    if (t.refresh_token && t.refresh_token !== refreshToken) this.o.secrets.set(REFRESH_TOKEN, t.refresh_token);
    this.cached = { token: t.access_token, until: expiresAt(t) };
    return t.access_token;
  }
}

/** A fixed token (CUTAWAY_FRAMEIO_AUTH unset credentials are refused at start; tests may pass one). */
export const staticToken = (token: string): TokenProvider => ({ accessToken: async () => token, invalidate: () => undefined });
