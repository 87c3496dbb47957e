// Requests to Canada's web-portal API (`https://<host>/tods/api/`, more-regions.md 1.1-1.2): JSON POST
// everywhere, tokens in custom headers, and an envelope whose failure comes with HTTP 200. Headers are
// built afresh for every request (the reference library's shared header object leaks stale tokens).
import type { AxiosResponseHeaders, RawAxiosResponseHeaders } from 'axios';
import { VehicleError } from '../../errors';
import type { Brand } from '../../types';
import { joinUrl, type Http } from '../http';
import { caFailure, caHttpError, envelopeFailed } from './errors';

/** The brands' portal hosts; the Origin header tells the cloud which brand is asking. */
export const CA_HOSTS: Record<Brand, string> = {
  kia: 'kiaconnect.ca',
  hyundai: 'mybluelink.ca',
  genesis: 'genesisconnect.ca',
};

// The reference library and EGMP send the Hyundai pair for every brand, and it works (1.1).
const CLIENT_ID = 'HATAHSPACA0232141ED9722C67715A0B';
const CLIENT_SECRET = 'CLISCR01AHSPA';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

export interface PortalRequest {
  /** Path below `/tods/api/`, e.g. `v2/login`, `evc/rfon`. */
  path: string;
  body?: Record<string, unknown>;
  deviceId?: string;
  accessToken?: string;
  vehicleId?: string;
  pAuth?: string;
  transactionId?: string;
  /** `fndmcr` and `evc/setsoc` want the native app's `from: SPA` and the `/remote/` Referer (HKC #1069). */
  asApp?: boolean;
  /** Names the call in error messages. */
  context?: string;
}

export interface PortalAnswer {
  result: Record<string, unknown> | unknown[] | null;
  headers: Record<string, string>;
}

export class CaPortal {
  readonly origin: string;

  constructor(
    private readonly http: Http,
    brand: Brand,
    private readonly base: string,
  ) {
    this.origin = `https://${CA_HOSTS[brand]}`;
  }

  /** One POST, never retried (a command may have reached the car; Cloudflare punishes retries). */
  async post(req: PortalRequest): Promise<PortalAnswer> {
    let response;
    try {
      response = await this.http.request({
        method: 'POST',
        url: joinUrl(this.base, `/tods/api/${req.path}`),
        headers: this.headers(req),
        data: req.body ?? {},
      });
    } catch (err) {
      throw caHttpError(err, req.context);
    }
    const failed = envelopeFailed(response.data);
    if (failed === null) {
      throw new VehicleError('CLOUD_UNAVAILABLE', `${req.context ?? 'Canadian portal'}: the answer had no response envelope`, {
        httpStatus: response.status,
        retryable: true,
      });
    }
    if (failed) throw caFailure(response.data, req.context);
    const result = (response.data as { result?: unknown }).result;
    return {
      result: typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : null,
      headers: lowerCased(response.headers),
    };
  }

  private headers(req: PortalRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json;charset=UTF-8',
      accept: 'application/json, text/plain, */*',
      from: req.asApp ? 'SPA' : 'CWP',
      language: '0',
      offset: '-5',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      origin: this.origin,
      referer: `${this.origin}${req.asApp ? '/remote/' : '/login'}`,
      'user-agent': USER_AGENT,
    };
    if (req.deviceId) headers.Deviceid = req.deviceId;
    if (req.accessToken) headers.accessToken = req.accessToken;
    if (req.vehicleId) headers.vehicleId = req.vehicleId;
    if (req.pAuth) headers.pAuth = req.pAuth;
    if (req.transactionId) headers.transactionId = req.transactionId;
    return headers;
  }
}

function lowerCased(headers: RawAxiosResponseHeaders | AxiosResponseHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}
