// US Hyundai / Genesis Blue Link: password login and the refresh grant, which needs the password too
// and rotates the refresh token (cloud-protocol.md 2.2).
import { VehicleError } from '../../errors';
import type { AuthStrategy, TokenSet } from '../../types';
import { answerObject, readTokenAnswer } from '../answers';
import { joinUrl, type Http } from '../http';
import { cloudIdentity, fingerprint } from '../identity';
import { credentialError } from '../refused';

export interface UsAuthOptions {
  http: Http;
  base: string;
  brandName: string;
  headers: Record<string, string>;
  username?: string;
  password?: string;
  now: () => number;
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
    let data: unknown;
    try {
      const response = await this.o.http.post(joinUrl(this.o.base, '/v2/ac/oauth/token'), body, { headers: this.o.headers });
      data = response.data;
    } catch (err) {
      throw credentialError(err, previousRefreshToken ? 'Token refresh failed' : 'Login failed');
    }
    // A refusal may come as 200 with an errorCode body (cloud-protocol.md 2.2, bluelinky #155): read it as that status.
    const refusal = answerObject(data);
    if (refusal && refusal.errorCode !== undefined && refusal.access_token === undefined) {
      const status = Number(refusal.errorCode);
      throw credentialError(
        { response: { status: status >= 400 && status < 600 ? status : 502, data } },
        previousRefreshToken ? 'Token refresh failed' : 'Login failed',
      );
    }
    // expires_in comes as a string, "1799" (cloud-protocol.md 2.2).
    const answer = readTokenAnswer(data, {
      access: 'access_token',
      refresh: 'refresh_token',
      lifetime: 'expires_in',
      defaultLifetimeSeconds: 1799,
    });
    const issuedAt = this.o.now();
    return {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken ?? previousRefreshToken,
      expiresAt: issuedAt + answer.lifetimeSeconds * 1000,
      issuedAt,
    };
  }
}
