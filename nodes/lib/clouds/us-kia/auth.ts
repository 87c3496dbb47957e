// Kia USA sign-in (cloud-protocol.md 3.2): `prof/authUser` answers with a session id (`sid` header),
// or, on a device the cloud does not remember, with an `otpKey`: then the code is sent
// (`cmm/sendOTP`), checked (`cmm/verifyOTP`, which gives a remember-me token `rmtoken`) and the
// sign-in completed. There is no refresh grant: a new session is a new sign-in. The remember-me
// token is bound to the device id, so both travel in the token set the store persists
// (`refreshToken` = rmtoken, `deviceId`), and a later sign-in with them needs no code.
import type { AxiosResponse } from 'axios';
import { VehicleError } from '../../errors';
import type { AuthStrategy, Logger, TokenSet } from '../../types';
import { joinUrl, type Http } from '../http';
import { cloudIdentity, fingerprint } from '../identity';
import type { OtpMethod, OtpPrompt } from '../otp';
import { credentialError } from '../refused';
import { kiaFailure } from './errors';
import { API_PREFIX, kiaHeaders, newDeviceId } from './headers';

export interface KiaUsAuthOptions {
  http: Http;
  base: string;
  username?: string;
  password?: string;
  /** Who can give a one-time code now; null: nobody (the sign-in fails with otpRequired). */
  otp: () => OtpPrompt | null;
  logger?: Logger;
  now: () => number;
}

/** The cloud does not say how long a session lives; the apps assume about a day (HKC: 23 h). */
export const SESSION_LIFETIME_MS = 23 * 3_600_000;

interface Device {
  deviceId: string;
  rmToken?: string;
}

interface OtpAsk {
  otpKey: string;
  xid: string;
  hasEmail: boolean;
  hasPhone: boolean;
}

const NOTIFY: Record<OtpMethod, string> = { email: 'EMAIL', sms: 'SMS' };

export class KiaUsAuthStrategy implements AuthStrategy {
  readonly identity: string;
  readonly canLogin: boolean;
  readonly seedFingerprint: string;
  /** The phone this session signs in as; adopted from the stored set, so its rmtoken stays valid. */
  private device: Device | null = null;

  constructor(private readonly o: KiaUsAuthOptions) {
    this.canLogin = Boolean(o.username && o.password);
    this.seedFingerprint = fingerprint(`${o.username ?? ''}\n${o.password ?? ''}`);
    this.identity = cloudIdentity({ region: 'us', brand: 'kia', base: o.base, user: o.username ?? '' });
  }

  /** The device id of the last sign-in (or of the stored set once adopted). */
  get deviceId(): string | undefined {
    return this.device?.deviceId;
  }

  login(): Promise<TokenSet> {
    if (!this.canLogin) return Promise.reject(new VehicleError('CONFIG_INVALID', 'Username and password are required'));
    return this.signIn();
  }

  /** "Refresh" is a new sign-in as the same device, with its remember-me token. */
  refresh(current: TokenSet): Promise<TokenSet> {
    if (typeof current.deviceId === 'string' && current.deviceId) {
      this.device = { deviceId: current.deviceId, rmToken: typeof current.refreshToken === 'string' ? current.refreshToken : undefined };
    }
    return this.login();
  }

  private async signIn(): Promise<TokenSet> {
    const device = (this.device ??= { deviceId: newDeviceId() });
    const first = await this.authUser(device, device.rmToken ? { rmtoken: device.rmToken } : {}, true);
    const sid = headerOf(first, 'sid');
    if (sid) return this.tokenSet(sid, device);

    const ask = otpAsk(first);
    if (!ask) throw new VehicleError('AUTH_FAILED', 'Login failed: the cloud gave neither a session nor a one-time code request');
    const prompt = this.o.otp();
    if (!prompt) {
      throw new VehicleError(
        'AUTH_FAILED',
        'Kia USA asks for a one-time code (first sign-in on this device): give AccountOptions.otp, or enter the code in the account dialog',
        { otpRequired: true },
      );
    }
    this.o.logger?.info(`Kia USA: the cloud asks for a one-time code; asking it to send one by ${prompt.method}`);
    const send = (method: OtpMethod) => this.sendOtp(device, ask, method);
    await send(prompt.method);
    const code = await prompt.provide(send);
    const verified = await this.verifyOtp(device, ask, code);
    const final = await this.authUser(device, { sid: verified.sid, ...(verified.rmToken && { rmtoken: verified.rmToken }) }, false);
    const finalSid = headerOf(final, 'sid');
    if (!finalSid) throw new VehicleError('AUTH_FAILED', 'Login failed: no session after the one-time code');
    // No remember-me token: this device is not remembered, and the next sign-in asks for a code again.
    device.rmToken = verified.rmToken;
    this.o.logger?.info(`Kia USA: signed in with the one-time code${verified.rmToken ? '; this device is remembered' : ''}`);
    return this.tokenSet(finalSid, device);
  }

  private tokenSet(sid: string, device: Device): TokenSet {
    const issuedAt = this.o.now();
    return {
      accessToken: sid,
      refreshToken: device.rmToken,
      deviceId: device.deviceId,
      expiresAt: issuedAt + SESSION_LIFETIME_MS,
      issuedAt,
    };
  }

  private async authUser(device: Device, extra: Record<string, string>, tnc: boolean): Promise<AxiosResponse> {
    const body: Record<string, unknown> = {
      deviceKey: device.deviceId,
      deviceType: 2,
      userCredential: { userId: this.o.username, password: this.o.password },
    };
    if (tnc) body.tncFlag = 1;
    return this.post('prof/authUser', device, extra, body, 'Login failed');
  }

  private async sendOtp(device: Device, ask: OtpAsk, method: OtpMethod): Promise<void> {
    if (method === 'sms' && !ask.hasPhone && ask.hasEmail) {
      throw new VehicleError('INVALID_INPUT', 'This Kia account has no phone number for SMS codes; choose email');
    }
    await this.post(
      'cmm/sendOTP',
      device,
      { otpkey: ask.otpKey, notifytype: NOTIFY[method], xid: ask.xid },
      {},
      'Sending the one-time code failed',
    );
  }

  private async verifyOtp(device: Device, ask: OtpAsk, code: string): Promise<{ sid: string; rmToken?: string }> {
    const response = await this.post(
      'cmm/verifyOTP',
      device,
      { otpkey: ask.otpKey, xid: ask.xid },
      { otp: code },
      'The one-time code',
      false,
    );
    if (kiaFailure(response)) {
      throw new VehicleError('AUTH_FAILED', 'The cloud refused the one-time code: ask for a new code and try again', { otpRequired: true });
    }
    const sid = headerOf(response, 'sid');
    if (!sid) throw new VehicleError('AUTH_FAILED', 'The cloud accepted the one-time code but opened no session', { otpRequired: true });
    return { sid, rmToken: headerOf(response, 'rmtoken') };
  }

  /** A credential call: a refusal is AUTH_FAILED; the envelope's error is thrown unless `check` is false. */
  private async post(
    path: string,
    device: Device,
    extra: Record<string, string>,
    body: unknown,
    context: string,
    check = true,
  ): Promise<AxiosResponse> {
    let response: AxiosResponse;
    try {
      const headers = { ...kiaHeaders(device.deviceId, this.o.now()), ...extra };
      response = await this.o.http.post(joinUrl(this.o.base, `${API_PREFIX}${path}`), body, { headers });
    } catch (err) {
      throw credentialError(err, context);
    }
    const failure = check ? kiaFailure(response, context) : null;
    if (failure) throw failure;
    return response;
  }
}

function headerOf(response: AxiosResponse, name: string): string | undefined {
  const value = (response.headers as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function otpAsk(response: AxiosResponse): OtpAsk | null {
  const payload = (response.data as { payload?: Record<string, unknown> } | null)?.payload;
  if (!payload || typeof payload.otpKey !== 'string' || payload.otpKey === '') return null;
  return {
    otpKey: payload.otpKey,
    xid: headerOf(response, 'xid') ?? '',
    hasEmail: Boolean(payload.hasEmail),
    hasPhone: Boolean(payload.hasPhone),
  };
}
