// EU identity server (idpconnect): the refresh grant used by `authMode: 'refreshToken'` and the
// password login (cloud-protocol.md 1.5 B and C). Keeps whichever refresh token comes back.
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { VehicleError } from '../../errors';
import type { AuthMode, AuthStrategy, TokenSet } from '../../types';
import { readTokenAnswer } from '../answers';
import { joinUrl } from '../http';
import { cloudIdentity, fingerprint } from '../identity';
import { credentialError } from '../refused';
import type { EuBrand } from './brands';

export interface EuAuthOptions {
  http: AxiosInstance;
  brand: EuBrand;
  brandName: string;
  apiBase: string;
  idpBase: string;
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

  constructor(private readonly o: EuAuthOptions) {
    this.canLogin = o.authMode === 'password' && Boolean(o.username && o.password);
    const seed = o.authMode === 'refreshToken' ? o.refreshToken ?? '' : `${o.username ?? ''}\n${o.password ?? ''}`;
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
    const code = await this.signIn();
    return this.tokenCall({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri() }, undefined);
  }

  async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) return this.login();
    return this.tokenCall({ grant_type: 'refresh_token', refresh_token: current.refreshToken }, current.refreshToken);
  }

  private redirectUri(): string {
    // Kia and Hyundai registered different redirect targets (cloud-protocol.md 1.5 C).
    const path = this.o.brandName === 'kia' ? '/api/v1/user/oauth2/redirect' : '/api/v1/user/oauth2/token';
    return joinUrl(this.o.apiBase, path);
  }

  /** Headless sign-in: the password is RSA-encrypted with the identity server's published key. */
  private async signIn(): Promise<string> {
    const { http, idpBase, brand } = this.o;
    try {
      const certs = await http.get(joinUrl(idpBase, '/auth/api/v1/accounts/certs'));
      const jwk = certs.data?.retValue as { kid?: string; n?: string; e?: string } | undefined;
      if (!jwk?.n || !jwk.e) throw new VehicleError('CLOUD_UNAVAILABLE', 'The identity server published no key');
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
      const encrypted = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(this.o.password ?? '', 'utf8'));
      const form = new URLSearchParams({
        client_id: brand.serviceId,
        encryptedPassword: 'true',
        password: encrypted.toString('hex'),
        redirect_uri: this.redirectUri(),
        scope: '',
        nonce: '',
        state: 'ccsp',
        username: this.o.username ?? '',
        connector_session_key: '',
        kid: jwk.kid ?? '',
        _csrf: '',
      });
      const response = await http.post(joinUrl(idpBase, '/auth/account/signin'), form.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        validateStatus: (status) => status === 302 || (status >= 200 && status < 300),
      });
      const location = String(response.headers.location ?? '');
      const code = /[?&]code=([^&]+)/.exec(location)?.[1];
      if (!code) throw new VehicleError('AUTH_FAILED', 'Login failed: the identity server rejected the username or password');
      return decodeURIComponent(code);
    } catch (err) {
      throw credentialError(err, 'Login failed');
    }
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
    const answer = readTokenAnswer(data, { access: 'access_token', refresh: 'refresh_token', type: 'token_type', lifetime: 'expires_in', defaultLifetimeSeconds: 3600 });
    const issuedAt = this.o.now();
    return {
      accessToken: `${answer.tokenType ?? 'Bearer'} ${answer.accessToken}`,
      refreshToken: answer.refreshToken ?? previousRefreshToken,
      expiresAt: issuedAt + answer.lifetimeSeconds * 1000,
      issuedAt,
    };
  }
}
