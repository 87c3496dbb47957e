// Sign-in on the CCSP variants (AU/NZ, India; more-regions.md 2.2, 2.3, 3.2): the app's own user API
// on the API host, no separate identity server. authorize (session cookie) → signin {email, password}
// → redirect with a code → token (Basic client auth + Stamp). The refresh grant sends the raw refresh
// token; the cloud does not rotate it, so the one we hold is kept when none comes back.
import { VehicleError } from '../../errors';
import type { AuthStrategy, TokenSet } from '../../types';
import { makeStamp } from '../eu/brands';
import { joinUrl, type Http } from '../http';
import { cloudIdentity, fingerprint } from '../identity';
import { credentialError } from '../refused';
import type { CcspTenant } from './tenants';

export interface CcspAuthOptions {
  http: Http;
  tenant: CcspTenant;
  brandName: string;
  apiBase: string;
  username?: string;
  password?: string;
  now: () => number;
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number | string;
}

/** Kia NZ answers 21600 s (6 h); India's value is unrecorded, so a missing one counts as 6 h too. */
const FALLBACK_LIFETIME_SECONDS = 21_600;

export class CcspAuthStrategy implements AuthStrategy {
  readonly identity: string;
  readonly canLogin: boolean;
  readonly seedFingerprint: string;

  constructor(private readonly o: CcspAuthOptions) {
    this.canLogin = Boolean(o.username && o.password);
    this.seedFingerprint = fingerprint(`${o.username ?? ''}\n${o.password ?? ''}`);
    this.identity = cloudIdentity({ region: o.tenant.region, brand: o.brandName, base: o.apiBase, user: o.username ?? '' });
  }

  async login(): Promise<TokenSet> {
    if (!this.canLogin) throw new VehicleError('CONFIG_INVALID', 'Username and password are required for password login');
    const code = await this.signIn();
    return this.tokenCall({ grant_type: 'authorization_code', redirect_uri: this.redirectUri(), code }, undefined);
  }

  async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) return this.login();
    return this.tokenCall({ grant_type: 'refresh_token', refresh_token: current.refreshToken }, current.refreshToken);
  }

  private redirectUri(): string {
    return joinUrl(this.o.apiBase, '/api/v1/user/oauth2/redirect');
  }

  private async signIn(): Promise<string> {
    const { http, apiBase, tenant } = this.o;
    try {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: tenant.serviceId,
        redirect_uri: this.redirectUri(),
        ...tenant.authorizeQuery,
      });
      const page = await http.get(joinUrl(apiBase, `/api/v1/user/oauth2/authorize?${query.toString()}`), { responseType: 'text' });
      // The sign-in belongs to the session the authorize page opened.
      const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
      const response = await http.post(
        joinUrl(apiBase, '/api/v1/user/signin'),
        { email: this.o.username, password: this.o.password },
        { headers: { 'Content-Type': 'application/json', ...(cookies.length > 0 && { Cookie: cookies.join('; ') }) } },
      );
      const body = (response.data ?? {}) as { redirectUrl?: string; step?: number };
      const code = body.redirectUrl ? /[?&]code=([^&]+)/.exec(body.redirectUrl)?.[1] : undefined;
      if (code) return decodeURIComponent(code);
      // No redirect: the account must act in the app or on the web first (AU: a password older than
      // ~6 months; India `{"step":5}`: password expired) (more-regions.md 2.2, 3.2).
      const step = body.step !== undefined ? ` (step ${Number(body.step)})` : '';
      throw new VehicleError(
        'AUTH_FAILED',
        `Login refused${step}: sign in to the vendor's app or website once; the password may have expired`,
      );
    } catch (err) {
      throw credentialError(err, 'Login failed', 'Login failed: the cloud rejected the username or password');
    }
  }

  private async tokenCall(grant: Record<string, string>, previousRefreshToken: string | undefined): Promise<TokenSet> {
    const { http, apiBase, tenant } = this.o;
    let body: TokenResponse;
    try {
      const response = await http.post(joinUrl(apiBase, '/api/v1/user/oauth2/token'), new URLSearchParams(grant).toString(), {
        headers: {
          Authorization: `Basic ${Buffer.from(`${tenant.serviceId}:${tenant.serviceSecret}`).toString('base64')}`,
          // AU/NZ refuse a refresh grant without it (more-regions.md 2.3).
          Stamp: makeStamp(tenant, this.o.now()),
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent': 'okhttp/3.12.0',
        },
      });
      body = response.data as TokenResponse;
    } catch (err) {
      throw credentialError(err, grant.grant_type === 'refresh_token' ? 'Token refresh failed' : 'Login failed');
    }
    if (!body?.access_token) throw new VehicleError('AUTH_FAILED', 'The cloud answered without an access token');
    const lifetimeSeconds = Number(body.expires_in) || FALLBACK_LIFETIME_SECONDS;
    const issuedAt = this.o.now();
    return {
      accessToken: `${body.token_type ?? 'Bearer'} ${body.access_token}`,
      refreshToken: body.refresh_token ?? previousRefreshToken,
      expiresAt: issuedAt + lifetimeSeconds * 1000,
      issuedAt,
    };
  }
}
