// Requests to the EU SPA API: headers, Stamp, device registration and the PIN control token.
// A `retCode: "F"` envelope is an error even when HTTP says 200 (cloud-protocol.md 1.4).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Method } from 'axios';
import { VehicleError, toVehicleError } from '../../errors';
import { answerObject, lifetimeSeconds, unreadableAnswer } from '../answers';
import { NO_RETRY, joinUrl, type Http } from '../http';
import { credentialError } from '../refused';
import { makeStamp, type CcspBrand } from './brands';

export type EuAuth = 'access' | 'control';

export interface SpaRequest {
  method: Method;
  path: string;
  accessToken: string;
  auth?: EuAuth;
  ccs2?: boolean;
  body?: Record<string, unknown>;
  /** Adds the registered device id to the body (legacy commands), under this key (default `deviceId`). */
  withDeviceId?: boolean | 'deviceID';
  /** A read that wakes the car: never repeated by axios-retry. */
  wakesCar?: boolean;
}

/** The SPA envelope: `{ retCode, resCode, resMsg, msgId }`. */
export interface SpaEnvelope {
  retCode?: string;
  resCode?: string;
  resMsg?: unknown;
  msgId?: string;
}

const CONTROL_TOKEN_MARGIN_MS = 30_000;

export class EuSpa {
  /** One registration at a time: concurrent first calls share it (records are listed per device id). */
  private device: Promise<string> | null = null;
  private control: { token: string; expiresAt: number } | null = null;

  constructor(
    private readonly http: Http,
    private readonly brand: CcspBrand,
    private readonly apiBase: string,
    private readonly pin: string | undefined,
    private readonly now: () => number,
  ) {}

  /** Sends one SPA request; an invalid device id (4002) re-registers the device and retries once. */
  async request(req: SpaRequest): Promise<SpaEnvelope> {
    try {
      return await this.send(req);
    } catch (err) {
      if (!(err instanceof VehicleError) || err.cloudCode !== '4002') throw err;
      // The server invalidates device ids (HKC #1143); it rejected the call before acting, so resending is safe.
      this.device = null;
      this.control = null;
      return this.send(req);
    }
  }

  private async send(req: SpaRequest): Promise<SpaEnvelope> {
    const deviceId = await this.ensureDevice();
    const authorization = req.auth === 'control' ? await this.controlToken(req.accessToken, deviceId) : req.accessToken;
    const headers: Record<string, string> = {
      Authorization: authorization,
      'ccsp-service-id': this.brand.serviceId,
      'ccsp-application-id': this.brand.appId,
      'ccsp-device-id': deviceId,
      'Content-Type': 'application/json;charset=UTF-8',
      'User-Agent': 'okhttp/3.12.0',
    };
    if (this.brand.spaStamp !== false) {
      headers.Stamp = makeStamp(this.brand, this.now());
      headers.Ccuccs2protocolsupport = req.ccs2 ? '1' : '0';
    }
    if (req.auth === 'control') headers.AuthorizationCCSP = authorization;
    try {
      const deviceKey = req.withDeviceId === 'deviceID' ? 'deviceID' : 'deviceId';
      const data = req.withDeviceId ? { ...req.body, [deviceKey]: deviceId } : req.body;
      const response = await this.http.request({
        method: req.method,
        url: joinUrl(this.apiBase, req.path),
        headers,
        data,
        ...(req.wakesCar ? NO_RETRY : {}),
      });
      const envelope = answerObject(response.data) as SpaEnvelope | null;
      if (envelope?.retCode === 'F') throw toVehicleError({ response: { status: response.status, data: envelope } });
      // Every SPA answer is an envelope with retCode "S" or "F" (cloud-protocol.md 1.4); anything else was not the cloud's answer.
      if (envelope?.retCode !== 'S')
        throw unreadableAnswer(req.method.toUpperCase() === 'POST' ? 'the command' : 'the request', { httpStatus: response.status });
      return envelope;
    } catch (err) {
      const error = toVehicleError(err);
      if (error.tokenExpired && req.auth === 'control') this.control = null;
      throw error;
    }
  }

  private ensureDevice(): Promise<string> {
    if (!this.device) {
      const registration = this.registerDevice();
      this.device = registration;
      // A failed registration is not remembered: the next call tries again.
      registration.catch(() => {
        if (this.device === registration) this.device = null;
      });
    }
    return this.device;
  }

  private async registerDevice(): Promise<string> {
    try {
      const response = await this.http.post(
        joinUrl(this.apiBase, '/api/v1/spa/notifications/register'),
        { pushRegId: randomBytes(32).toString('hex'), pushType: this.brand.pushType, uuid: randomUUID() },
        {
          headers: {
            'ccsp-service-id': this.brand.serviceId,
            'ccsp-application-id': this.brand.appId,
            Stamp: makeStamp(this.brand, this.now()),
            'Content-Type': 'application/json;charset=UTF-8',
            'User-Agent': 'okhttp/3.12.0',
          },
        },
      );
      const deviceId = (response.data?.resMsg as { deviceId?: string } | undefined)?.deviceId;
      if (!deviceId) throw new VehicleError('CLOUD_UNAVAILABLE', 'Device registration returned no device id');
      return deviceId;
    } catch (err) {
      throw toVehicleError(err, 'Device registration failed');
    }
  }

  /** The PIN control token, cached for its lifetime (10 minutes on the real cloud). */
  private async controlToken(accessToken: string, deviceId: string): Promise<string> {
    if (this.control && this.control.expiresAt - CONTROL_TOKEN_MARGIN_MS > this.now()) return this.control.token;
    if (!this.pin) throw new VehicleError('CONFIG_INVALID', 'This command needs the PIN of the account');
    try {
      const response = await this.http.put(
        joinUrl(this.apiBase, '/api/v1/user/pin?token='),
        { deviceId, pin: this.pin },
        { headers: { Authorization: accessToken, 'Content-Type': 'application/json;charset=UTF-8' } },
      );
      const body = answerObject(response.data) as { controlToken?: unknown; expiresTime?: number } | null;
      // A refused PIN is a 4xx (400 / 4003); a 2xx without a control token is not the cloud's answer.
      if (typeof body?.controlToken !== 'string' || body.controlToken === '') throw unreadableAnswer('the PIN check', { maybeSent: false });
      this.control = { token: `Bearer ${body.controlToken}`, expiresAt: this.now() + lifetimeSeconds(body.expiresTime, 600) * 1000 };
      return this.control.token;
    } catch (err) {
      throw credentialError(err, 'PIN verification failed', 'PIN verification failed; check the PIN');
    }
  }
}
