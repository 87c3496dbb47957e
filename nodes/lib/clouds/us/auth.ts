// US Hyundai / Genesis Blue Link: password login and the refresh grant, which needs the password too
// and rotates the refresh token (cloud-protocol.md 2.2).
import type { AxiosInstance } from 'axios';
import { VehicleError } from '../../errors';
import type { AuthStrategy, TokenSet } from '../../types';
import { joinUrl } from '../http';
import { cloudIdentity, fingerprint } from '../identity';
import { credentialError } from '../refused';

export interface UsAuthOptions {
  http: AxiosInstance;
  base: string;
  brandName: string;
  headers: Record<string, string>;
  username?: string;
  password?: string;
  now: () => number;
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: string | number;
}

export class UsAuthStrategy implements AuthStrategy {
  readonly identity: string;
  readonly canLogin: boolean;
  readonly seedFingerprint: string;

  constructor(private readonly o: UsAuthOptions) {
    this.canLogin = Boolean(o.username && o.password);
    this.seedFingerprint = fingerprint(`${o.username ?? ''}\n${o.password ?? ''}`);
    this.identity = cloudIdentity({ region: 'us', brand: o.brandName, base: o.base, user: o.username ?? '' });
  }

  login(): Promise<TokenSet> {
    if (!this.canLogin) return Promise.reject(new VehicleError('CONFIG_INVALID', 'Username and password are required'));
    return this.tokenCall({ username: this.o.username, password: this.o.password }, undefined);
  }

  refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) return this.login();
    // The endpoint checks username and password before the grant (HKC PR #1198).
    return this.tokenCall(
      { username: this.o.username, password: this.o.password, grant_type: 'refresh_token', refresh_token: current.refreshToken },
      current.refreshToken,
    );
  }

  private async tokenCall(body: Record<string, unknown>, previousRefreshToken: string | undefined): Promise<TokenSet> {
    let data: TokenResponse;
    try {
      const response = await this.o.http.post(joinUrl(this.o.base, '/v2/ac/oauth/token'), body, { headers: this.o.headers });
      data = response.data as TokenResponse;
    } catch (err) {
      throw credentialError(err, previousRefreshToken ? 'Token refresh failed' : 'Login failed');
    }
    if (!data?.access_token) throw new VehicleError('AUTH_FAILED', 'Login failed: no access token in the answer');
    const issuedAt = this.o.now();
    const lifetimeSeconds = Number.parseInt(String(data.expires_in ?? '1799'), 10) || 1799;
    return {
      accessToken: data.access_token,
      refreshToken: data.refresh_token ?? previousRefreshToken,
      expiresAt: issuedAt + lifetimeSeconds * 1000,
      issuedAt,
    };
  }
}
