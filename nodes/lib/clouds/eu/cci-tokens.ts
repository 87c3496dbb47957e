// The CCI API's half of the OneApp sign-in (cloud-protocol.md 1.5 D steps 4-5 and "Refresh"): the
// code buys a CCI token set, the CCI access token buys the CCS token the vehicle API takes, and the
// whole CCI set (whose refresh token rotates) buys the next set. A 2xx that is not a well-formed
// answer is a cloud fault (CLOUD_UNAVAILABLE, retried), never a refusal.
import type { AxiosResponse } from 'axios';
import { VehicleError, toVehicleError } from '../../errors';
import { joinUrl, type Http } from '../http';
import { credentialError } from '../refused';
import type { OneApp } from './brands';
import { cciHeaders, type CciTokens } from './cci-headers';

export interface CciApiOptions {
  http: Http;
  cciBase: string;
  app: OneApp;
  now: () => number;
}

export interface CcsToken {
  accessToken: string;
  expiresAt: number;
}

const NO_RETRY = { 'axios-retry': { retries: 0 } };
/** A CCS lifetime this large is a point in time, not a duration (evcc is unsure which it gets). */
const TEN_YEARS_S = 10 * 365 * 86_400;

function malformed(what: string): VehicleError {
  return new VehicleError('CLOUD_UNAVAILABLE', `The CCI service answered the ${what} with nothing usable`, { retryable: true });
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** A token set from a CCI answer; fields it leaves out are kept from the previous set (HKC does so too). */
function readSet(data: unknown, what: string, previous?: CciTokens): CciTokens {
  const body = (data ?? {}) as Record<string, unknown>;
  const accessToken = text(body.accessToken);
  const refreshToken = text(body.refreshToken);
  if (!accessToken || !refreshToken) throw malformed(what);
  const pick = (name: keyof CciTokens): string => text(body[name]) ?? previous?.[name] ?? '';
  return {
    accessToken,
    refreshToken,
    exchangeableAccessToken: pick('exchangeableAccessToken'),
    exchangeableRefreshToken: pick('exchangeableRefreshToken'),
    nonCcsToken: pick('nonCcsToken'),
    nonCcsRefreshToken: pick('nonCcsRefreshToken'),
    idToken: pick('idToken'),
  };
}

/** A refresh may hand a new exchangeable token as the `t` cookie instead of in the body. */
function exchangeableCookie(response: AxiosResponse): string | undefined {
  const raw = response.headers['set-cookie'];
  for (const line of Array.isArray(raw) ? raw : raw ? [String(raw)] : []) {
    const match = /^\s*t=([^;]+)/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

export class CciApi {
  constructor(private readonly o: CciApiOptions) {}

  /** Step 4: the sign-in code for a CCI token set. */
  async tokensForCode(code: string, deviceId: string): Promise<CciTokens> {
    const url = `${joinUrl(this.o.cciBase, '/domain/api/v1/auth/token')}?${new URLSearchParams({ code })}`;
    const response = await this.post(url, undefined, cciHeaders(this.o.app, deviceId, this.o.now()), (err) => {
      // A code refused a moment after it was issued is the service's trouble, not the password's.
      const error = toVehicleError(err, 'Sign-in: the CCI service refused the sign-in code');
      return error.code === 'AUTH_FAILED'
        ? new VehicleError('CLOUD_UNAVAILABLE', error.message, { httpStatus: error.httpStatus, retryable: false })
        : error;
    });
    return readSet(response.data, 'sign-in code');
  }

  /** Refresh: the whole set for the next one; the refresh token presented is spent. */
  async refresh(tokens: CciTokens, deviceId: string): Promise<CciTokens> {
    const body = { ...tokens };
    const response = await this.post(
      joinUrl(this.o.cciBase, '/domain/api/v2/auth/token-refresh'),
      body,
      cciHeaders(this.o.app, deviceId, this.o.now(), tokens, true),
      (err) => credentialError(err, 'CCI token refresh', 'The CCI service refused the refresh token'),
    );
    const next = readSet(response.data, 'token refresh', tokens);
    const cookie = exchangeableCookie(response);
    return cookie ? { ...next, exchangeableAccessToken: cookie } : next;
  }

  /** Step 5: the CCI access token for the CCS token of the vehicle API. */
  async exchange(tokens: CciTokens, deviceId: string): Promise<CcsToken> {
    const requestedAt = this.o.now();
    const url = `${joinUrl(this.o.cciBase, '/domain/api/v1/auth/token-exchange')}?serviceType=CCS`;
    const response = await this.post(url, undefined, cciHeaders(this.o.app, deviceId, requestedAt, tokens), (err) =>
      credentialError(err, 'CCS token exchange', 'The CCI service refused to exchange the token'),
    );
    const body = (response.data ?? {}) as Record<string, unknown>;
    const accessToken = text(body.accessToken) ?? text(body.ccsAccessToken);
    const expires = Number(body.expiresTime);
    if (!accessToken || !Number.isFinite(expires) || expires <= 0) throw malformed('token exchange');
    // `expiresTime` is a lifetime in seconds (HKC b91f945); a point in time is read as one anyway.
    const expiresAt = expires > TEN_YEARS_S ? (expires > TEN_YEARS_S * 1000 ? expires : expires * 1000) : requestedAt + expires * 1000;
    return { accessToken, expiresAt };
  }

  private async post(
    url: string,
    data: unknown,
    headers: Record<string, string>,
    refused: (err: unknown) => VehicleError,
  ): Promise<AxiosResponse> {
    try {
      return await this.o.http.post(url, data, { headers, ...NO_RETRY });
    } catch (err) {
      throw refused(err);
    }
  }
}
