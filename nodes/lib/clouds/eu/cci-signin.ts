// The identity server's half of the OneApp sign-in (cloud-protocol.md 1.5 D steps 1-3): authorize
// with the OneApp client id (keeping its cookies), the RSA key from `certs`, the sign-in form, and
// the one-use code in the 302 that follows. Each way it can go wrong gets the code and the words
// that make the user do the right thing:
//   wrong username or password     AUTH_FAILED        fix the credentials (re-login required)
//   the vendor's firewall blocks   CLOUD_UNAVAILABLE  not the password: the session tries again later
//   a 2xx that answers nothing     CLOUD_UNAVAILABLE  a cloud fault, retried
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import type { AxiosResponse } from 'axios';
import { VehicleError, toVehicleError } from '../../errors';
import { joinUrl, type Http } from '../http';
import { credentialError } from '../refused';
import type { OneApp } from './brands';
import { CookieJar } from './cookie-jar';

export interface SignInOptions {
  http: Http;
  idpBase: string;
  app: OneApp;
  brandName: string;
}

/** The OneApp's web view; the identity server expects the `_CCS_APP_AOS` suffix (HKC). */
const USER_AGENT =
  'Mozilla/5.0 (Linux; Android 4.1.1; Galaxy Nexus Build/JRO03C) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.166 Mobile Safari/535.19_CCS_APP_AOS';
const MAX_REDIRECTS = 5;
/** Every status comes back as a response: the sign-in reads 302s and login pages itself. */
const ANY_STATUS = { validateStatus: () => true, 'axios-retry': { retries: 0 } };

export function firewallBlocked(): VehicleError {
  return new VehicleError(
    'CLOUD_UNAVAILABLE',
    'The vendor\'s firewall blocked the sign-in ("abusing request"); this is not a wrong password. ' +
      'The account tries again later by itself; if the block persists, use auth mode "refreshToken" with a 48-character refresh token',
    { retryable: true, httpStatus: 400 },
  );
}

export function wrongPassword(brandName: string): VehicleError {
  return new VehicleError(
    'AUTH_FAILED',
    `Sign-in refused: wrong username or password. Use the e-mail address and password of the ${brandName} app (re-login required)`,
  );
}

function malformed(what: string): VehicleError {
  return new VehicleError('CLOUD_UNAVAILABLE', `The identity server answered the ${what} with nothing usable`, { retryable: true });
}

/** The firewall's answer: a redirect to `/error?status=400…abusing…`, or a page that says so. */
function isFirewall(location: string, body: unknown): boolean {
  let where = location.replace(/\+/g, ' ');
  try {
    where = decodeURIComponent(where);
  } catch {
    // a broken escape: read the location as it is
  }
  const text = `${where} ${typeof body === 'string' ? body : ''}`.toLowerCase();
  return text.includes('abusing request') || /\/error\?status=400/.test(location);
}

function locationOf(response: AxiosResponse): string {
  return String(response.headers.location ?? '');
}

export class CciSignIn {
  constructor(private readonly o: SignInOptions) {}

  /** Steps 1-3: the one-use code the CCI API turns into tokens. */
  async code(username: string, password: string): Promise<string> {
    const jar = new CookieJar();
    await this.authorize(jar);
    const key = await this.publicKey();
    return this.submit(jar, username, this.encrypt(key, password));
  }

  private authorizeUrl(): string {
    const { app } = this.o;
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      lang: 'en',
      state: 'ccsp',
      country: 'de',
    });
    return `${joinUrl(this.o.idpBase, '/auth/api/v2/user/oauth2/authorize')}?${query}`;
  }

  /** Step 1: opens the sign-in session; follows the identity server's own redirects, keeping cookies. */
  private async authorize(jar: CookieJar): Promise<void> {
    let url = this.authorizeUrl();
    const origin = new URL(url).origin;
    for (let hop = 0; ; hop += 1) {
      const response = await this.o.http.get(url, { headers: this.headers(jar), ...ANY_STATUS }).catch((err: unknown) => {
        throw toVehicleError(err, 'Sign-in');
      });
      jar.take(response.headers['set-cookie']);
      const location = locationOf(response);
      if (isFirewall(location, response.data)) throw firewallBlocked();
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        const next = new URL(location, url);
        if (next.origin !== origin) throw malformed('sign-in request (it sent the browser elsewhere)');
        url = next.toString();
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        // Without the session cookie the sign-in form can only answer the login page again.
        if (!jar.header()) throw malformed('sign-in request (no session cookie)');
        return;
      }
      throw toVehicleError({ response }, 'Sign-in: the identity server refused to open a sign-in');
    }
  }

  /** Step 2: the RSA key the password is encrypted with. */
  private async publicKey(): Promise<{ kid: string; n: string; e: string }> {
    let data: unknown;
    try {
      data = (await this.o.http.get(joinUrl(this.o.idpBase, '/auth/api/v1/accounts/certs'))).data;
    } catch (err) {
      throw toVehicleError(err, 'Sign-in: reading the identity server key');
    }
    const jwk = (data as { retValue?: { kid?: unknown; n?: unknown; e?: unknown } } | null)?.retValue;
    if (typeof jwk?.n !== 'string' || typeof jwk.e !== 'string' || !jwk.n || !jwk.e) throw malformed('key request');
    return { kid: typeof jwk.kid === 'string' ? jwk.kid : '', n: jwk.n, e: jwk.e };
  }

  /** RSA PKCS#1 v1.5 with the published key, hex-encoded, as the OneApp sends it. */
  private encrypt(jwk: { kid: string; n: string; e: string }, password: string): { kid: string; hex: string } {
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
      return {
        kid: jwk.kid,
        hex: publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password, 'utf8')).toString('hex'),
      };
    } catch {
      throw malformed('key request');
    }
  }

  /** Step 3: the form; a 302 to the OneApp redirect carries the code. */
  private async submit(jar: CookieJar, username: string, encrypted: { kid: string; hex: string }): Promise<string> {
    const { app } = this.o;
    const form = new URLSearchParams({
      client_id: app.clientId,
      encryptedPassword: 'true',
      password: encrypted.hex,
      redirect_uri: app.redirectUri,
      scope: '',
      nonce: '',
      state: 'ccsp',
      username,
      connector_session_key: '',
      kid: encrypted.kid,
      _csrf: '',
    });
    let response: AxiosResponse;
    try {
      response = await this.o.http.post(joinUrl(this.o.idpBase, '/auth/account/signin'), form.toString(), {
        headers: { ...this.headers(jar), 'Content-Type': 'application/x-www-form-urlencoded' },
        ...ANY_STATUS,
      });
    } catch (err) {
      throw toVehicleError(err, 'Sign-in');
    }
    const location = locationOf(response);
    if (isFirewall(location, response.data)) throw firewallBlocked();
    if (response.status >= 300 && response.status < 400) return this.codeFrom(location);
    // The login page again: wrong credentials (or lost cookies, which the jar prevents).
    if (response.status >= 200 && response.status < 300) {
      if (typeof response.data === 'string' && /<form/i.test(response.data)) throw wrongPassword(this.o.brandName);
      throw malformed('sign-in form');
    }
    throw credentialError({ response }, 'Sign-in', wrongPassword(this.o.brandName).message);
  }

  private codeFrom(location: string): string {
    let url: URL;
    try {
      url = new URL(location, this.o.idpBase);
    } catch {
      throw malformed('sign-in form');
    }
    const code = url.searchParams.get('code');
    if (code) return code;
    if (url.pathname.includes('/web/v1/user/authorization')) {
      throw new VehicleError(
        'AUTH_FAILED',
        `The account must accept the terms first: sign in once in the ${this.o.brandName} app, then try again`,
      );
    }
    const description = url.searchParams.get('error_description');
    if (description) {
      const said = description.replace(/[^\w .,:'-]/g, '').slice(0, 120);
      throw new VehicleError(
        'AUTH_FAILED',
        `Sign-in refused by the identity server: ${said}. Check the username and password (re-login required)`,
      );
    }
    if (url.pathname.includes('authorize')) throw wrongPassword(this.o.brandName);
    throw malformed('sign-in form (an unexpected redirect)');
  }

  private headers(jar: CookieJar): Record<string, string> {
    const cookie = jar.header();
    return { 'User-Agent': USER_AGENT, ...(cookie ? { Cookie: cookie } : {}) };
  }
}
