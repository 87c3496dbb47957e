// How the EU account gets its tokens (cloud-protocol.md 1.5):
//   password mode      the OneApp/CCI sign-in the vendors' apps use since August 2026 (1.5 D; the
//                      older password login, 1.5 C, is blocked by the vendors' firewall): CCI tokens,
//                      exchanged for the CCS token the vehicle API takes; refreshed with the whole
//                      CCI set, whose refresh token rotates, and exchanged again.
//   refreshToken mode  a pasted 48-character refresh token and the identity server's refresh grant,
//                      keeping whichever refresh token comes back.
// The token set carries the CCI set and its device id, so the token store keeps the live chain.
import { randomUUID } from 'node:crypto';
import { VehicleError } from '../../errors';
import type { AuthMode, AuthStrategy, TokenSet } from '../../types';
import { readTokenAnswer } from '../answers';
import { joinUrl, type Http } from '../http';
import { cloudIdentity, fingerprint } from '../identity';
import { credentialError } from '../refused';
import type { EuBrand } from './brands';
import type { CciTokens } from './cci-headers';
import { CciSignIn } from './cci-signin';
import { CciApi } from './cci-tokens';

export interface EuAuthOptions {
  http: Http;
  brand: EuBrand;
  brandName: string;
  apiBase: string;
  idpBase: string;
  cciBase: string;
  authMode: AuthMode;
  username?: string;
  password?: string;
  refreshToken?: string;
  now: () => number;
}

export class EuAuthStrategy implements AuthStrategy {
  readonly identity: string;
  readonly canLogin: boolean;
  readonly seedFingerprint: string;

  private readonly signIn: CciSignIn;
  private readonly cci: CciApi;
  private rotated: { cci: CciTokens; deviceId: string } | null = null;

  constructor(private readonly o: EuAuthOptions) {
    this.signIn = new CciSignIn({ http: o.http, idpBase: o.idpBase, app: o.brand.oneApp, brandName: o.brandName });
    this.cci = new CciApi({ http: o.http, cciBase: o.cciBase, app: o.brand.oneApp, now: o.now });
    this.canLogin = o.authMode === 'password' && Boolean(o.username && o.password);
    const seed = o.authMode === 'refreshToken' ? (o.refreshToken ?? '') : `${o.username ?? ''}\n${o.password ?? ''}`;
    this.seedFingerprint = fingerprint(seed);
    this.identity = cloudIdentity({
      region: 'eu',
      brand: o.brandName,
      base: o.apiBase,
      user: o.username || `refresh-token:${fingerprint(o.refreshToken ?? '')}`,
    });
  }

  /** refreshToken mode starts from the pasted token: the session refreshes it instead of logging in. */
  initial(): TokenSet | null {
    if (this.o.authMode !== 'refreshToken' || !this.o.refreshToken) return null;
    return { accessToken: '', refreshToken: this.o.refreshToken, expiresAt: 0 };
  }

  async login(): Promise<TokenSet> {
    if (!this.canLogin) {
      if (this.o.authMode === 'refreshToken' && this.o.refreshToken) {
        throw new VehicleError('AUTH_FAILED', 'The refresh token was rejected; paste a new one (re-login required)');
      }
      throw new VehicleError('CONFIG_INVALID', 'Username and password are required for password login');
    }
    // The session signs in after a failed refresh attempt; a set the cloud already rotated to only
    // needs its exchange, and spares the identity server (and its firewall) a sign-in.
    if (this.rotated) {
      try {
        return await this.exchangeRotated();
      } catch (err) {
        if (!(err instanceof VehicleError) || err.code !== 'AUTH_FAILED') throw err;
        this.rotated = null;
      }
    }
    const deviceId = randomUUID();
    const code = await this.signIn.code(this.o.username ?? '', this.o.password ?? '');
    const cci = await this.cci.tokensForCode(code, deviceId);
    try {
      return await this.withCcsToken(cci, deviceId);
    } catch (err) {
      if (!(err instanceof VehicleError) || err.code !== 'AUTH_FAILED') throw err;
      // Signed in, yet no access to the vehicle API: only the account owner can change that.
      throw new VehicleError(
        'AUTH_FAILED',
        `Signed in, but the cloud refused access to the cars: open the ${this.o.brandName} app once (new terms, service activation), then press "Refresh now"`,
        { httpStatus: err.httpStatus },
      );
    }
  }

  async refresh(current: TokenSet): Promise<TokenSet> {
    if (this.o.authMode === 'password') {
      if (this.rotated) return this.exchangeRotated();
      const cci = current.cci as CciTokens | undefined;
      // A set from before the CCI sign-in (or none at all) cannot be refreshed through CCI.
      if (!cci?.refreshToken || typeof current.cciDeviceId !== 'string') return this.login();
      this.rotated = { cci: await this.cci.refresh(cci, current.cciDeviceId), deviceId: current.cciDeviceId };
      return this.exchangeRotated();
    }
    if (!current.refreshToken) return this.login();
    return this.tokenCall({ grant_type: 'refresh_token', refresh_token: current.refreshToken }, current.refreshToken);
  }

  /**
   * The CCI set a refresh rotated to, until its exchange succeeds: the old refresh token is spent
   * server-side, and presenting it again would be reuse, which revokes the whole chain.
   */
  private async exchangeRotated(): Promise<TokenSet> {
    const { cci, deviceId } = this.rotated as { cci: CciTokens; deviceId: string };
    const set = await this.withCcsToken(cci, deviceId);
    this.rotated = null;
    return set;
  }

  /** The session's token is the CCS token; the CCI set (and its refresh token) rides along. */
  private async withCcsToken(cci: CciTokens, deviceId: string): Promise<TokenSet> {
    const issuedAt = this.o.now();
    const ccs = await this.cci.exchange(cci, deviceId);
    return {
      accessToken: `Bearer ${ccs.accessToken}`,
      refreshToken: cci.refreshToken,
      expiresAt: ccs.expiresAt,
      issuedAt,
      cci,
      cciDeviceId: deviceId,
    };
  }

  private async tokenCall(grant: Record<string, string>, previousRefreshToken: string | undefined): Promise<TokenSet> {
    const { http, idpBase, brand } = this.o;
    const form = new URLSearchParams({ ...grant, client_id: brand.serviceId, client_secret: brand.serviceSecret });
    let data: unknown;
    try {
      const response = await http.post(joinUrl(idpBase, '/auth/api/v2/user/oauth2/token'), form.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      data = response.data;
    } catch (err) {
      throw credentialError(err, grant.grant_type === 'refresh_token' ? 'Token refresh failed' : 'Login failed');
    }
    // IDPConnect v2 access tokens: expires_in 3600 (cloud-protocol.md, token lifetimes).
    const answer = readTokenAnswer(data, {
      access: 'access_token',
      refresh: 'refresh_token',
      type: 'token_type',
      lifetime: 'expires_in',
      defaultLifetimeSeconds: 3600,
    });
    const issuedAt = this.o.now();
    return {
      accessToken: `${answer.tokenType ?? 'Bearer'} ${answer.accessToken}`,
      refreshToken: answer.refreshToken ?? previousRefreshToken,
      expiresAt: issuedAt + answer.lifetimeSeconds * 1000,
      issuedAt,
    };
  }
}
