// Canada's sign-in (more-regions.md 1.3-1.4): `v2/login` with a remembered device id; an untrusted
// device gets 7110 and goes through the one-time-code chain (selverifmeth → sendotp → validateotp →
// genmfatkn with "remember this device"). Tokens live 24 h and there is no refresh endpoint, so the
// session's "refresh" is a new login with the same device id, before the end.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { VehicleError } from '../../errors';
import type { AuthStrategy, TokenSet } from '../../types';
import { cloudIdentity, fingerprint } from '../identity';
import type { OtpMethod, OtpPrompt } from '../otp';
import type { CaPortal } from './portal';

export interface CaAuthOptions {
  portal: CaPortal;
  brandName: string;
  base: string;
  username?: string;
  password?: string;
  /** Who can give a one-time code right now (the account's gate); null: nobody. */
  otp?: () => OtpPrompt | null;
  now: () => number;
  /** The device id to present when no token set names one yet (default: machineDeviceId). */
  newDeviceId?: () => string;
}

const MFA_API_CODE = '0107';
const DEFAULT_LIFETIME_S = 86_400;
/** Stands in the refresh-token slot: "renew by signing in again with the remembered device". */
export const RELOGIN = 'relogin-with-device';

type Rec = Record<string, unknown>;
const rec = (value: unknown): Rec => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * An id stable per machine and login, shaped like BetterBlueKit's upper-case UUID (the cloud treats it
 * as opaque; HKC also derives its id from the machine). A random id per sign-in would ask for a code
 * every time (kia_uvo #1715); a stable one keeps the trust when the token store is lost, and the
 * editor's Test login presents the device the live session already had trusted.
 */
export function machineDeviceId(base: string, user: string): string {
  const hex = createHash('sha256').update(`${hostname()}\n${base}\n${user.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

export class CaAuthStrategy implements AuthStrategy {
  readonly identity: string;
  readonly canLogin: boolean;
  readonly seedFingerprint: string;
  /** The device the cloud trusts; it rides in every token set so the token store keeps it. */
  private deviceId: string | null = null;
  /** A refusal of the "refresh" (a login) that the session's login fallback must not ask again. */
  private refusal: VehicleError | null = null;

  constructor(private readonly o: CaAuthOptions) {
    this.canLogin = Boolean(o.username && o.password);
    this.seedFingerprint = fingerprint(`${o.username ?? ''}\n${o.password ?? ''}`);
    this.identity = cloudIdentity({ region: 'ca', brand: o.brandName, base: o.base, user: o.username ?? '' });
  }

  login(): Promise<TokenSet> {
    // The session falls back to a login when a refresh is refused. Here the refresh *was* a login:
    // asking again would send a wrong password twice (7404, then the account locks: 7402).
    const refusal = this.refusal;
    this.refusal = null;
    if (refusal) return Promise.reject(refusal);
    return this.signIn();
  }

  async refresh(current: TokenSet): Promise<TokenSet> {
    if (typeof current.deviceId === 'string' && current.deviceId) this.deviceId = current.deviceId;
    try {
      return await this.signIn();
    } catch (err) {
      if (err instanceof VehicleError && err.code === 'AUTH_FAILED') this.refusal = err;
      throw err;
    }
  }

  private async signIn(): Promise<TokenSet> {
    if (!this.canLogin) throw new VehicleError('CONFIG_INVALID', 'Username and password are required for the Canadian cloud');
    const deviceId = (this.deviceId ??= this.o.newDeviceId?.() ?? machineDeviceId(this.o.base, this.o.username as string));
    try {
      const { result } = await this.o.portal.post({
        path: 'v2/login',
        deviceId,
        body: { loginId: this.o.username, password: this.o.password },
        context: 'Login failed',
      });
      return this.tokenSet(rec(result).token, deviceId);
    } catch (err) {
      if (err instanceof VehicleError && err.cloudCode === '7110') return this.trustDevice(deviceId);
      throw err;
    }
  }

  /** The one-time-code chain; `mfaYn: "Y"` asks the cloud to remember this device (90 days in the portal). */
  private async trustDevice(deviceId: string): Promise<TokenSet> {
    const otp = this.o.otp?.() ?? null;
    if (!otp) {
      throw new VehicleError(
        'AUTH_FAILED',
        'Canada asks for a one-time code to trust this device: enter the code it sends (account dialog, or the otp option)',
        {
          cloudCode: '7110',
          otpRequired: true,
        },
      );
    }
    // userAccount must be the e-mail exactly as typed: the upper-cased echo gives 7999 (BetterBlueKit).
    const userAccount = this.o.username as string;
    const post = (path: string, body: Rec) =>
      this.o.portal.post({ path, deviceId, body: { mfaApiCode: MFA_API_CODE, ...body }, context: 'One-time code' });
    const methods = rec((await post('mfa/selverifmeth', { userAccount })).result);
    const emails = Array.isArray(methods.emailList) ? methods.emailList.filter((e): e is string => typeof e === 'string') : [];
    const otpEmail = emails[0] ?? userAccount;
    let otpKey = '';
    const send = async (method: OtpMethod): Promise<void> => {
      const sms = method === 'sms'; // "S" is the reference library's own guess (more-regions.md 1.3)
      const answer = await post('mfa/sendotp', {
        otpMethod: sms ? 'S' : 'E',
        userAccount,
        userPhone: sms ? str(methods.userPhone) : '',
        userInfoUuid: str(methods.userInfoUuid),
      });
      otpKey = str(rec(answer.result).otpKey);
    };
    await send(otp.method);
    const code = String(await otp.provide(send)).trim();
    if (!/^\d{4,8}$/.test(code)) throw new VehicleError('AUTH_FAILED', 'The one-time code must be the digits the cloud sent');
    const validated = rec((await post('mfa/validateotp', { otpNo: code, userAccount, otpKey })).result);
    const minted = await post('mfa/genmfatkn', { userAccount, otpEmail, otpValidationKey: str(validated.otpValidationKey), mfaYn: 'Y' });
    return this.tokenSet(rec(minted.result).token, deviceId);
  }

  private tokenSet(raw: unknown, deviceId: string): TokenSet {
    const token = rec(raw);
    const accessToken = str(token.accessToken);
    if (!accessToken) throw new VehicleError('AUTH_FAILED', 'Login failed: no access token in the answer');
    const lifetime = Number(token.expireIn) > 0 ? Number(token.expireIn) : DEFAULT_LIFETIME_S;
    const issuedAt = this.o.now();
    // No refresh endpoint is known, so the cloud's refreshToken is useless and not kept. The marker
    // makes the session "refresh" (a login with this set's device id) instead of a bare login.
    return { accessToken, refreshToken: RELOGIN, expiresAt: issuedAt + lifetime * 1000, issuedAt, deviceId };
  }
}
