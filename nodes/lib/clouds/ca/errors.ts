// Canada's error table (more-regions.md 1.10): every answer is HTTP 200 with a `responseHeader`, and a
// failure carries `error.errorCode`. This file turns that envelope, and the Cloudflare pages that come
// before any JSON, into the project's own VehicleError fields, so the session reads nothing else.
import { VehicleError, toVehicleError, type ErrorCode } from '../../errors';

interface CaRule {
  code: ErrorCode;
  /** Said when the cloud sends no `errorDesc` (Genesis 7549 comes bare). */
  says: string;
  /** The access token is no longer good: one re-login cures it (the session retries once). */
  tokenExpired?: boolean;
  otpRequired?: boolean;
  retryable?: boolean;
}

export const CA_ERRORS: Readonly<Record<string, CaRule>> = {
  '7110': { code: 'AUTH_FAILED', says: 'This device is not trusted yet: Canada asks for a one-time code', otpRequired: true },
  '7310': { code: 'AUTH_FAILED', says: 'The PIN was rejected' }, // kia_uvo PR #57
  '7402': { code: 'AUTH_FAILED', says: 'The account is locked out; unlock it in the official app or portal' },
  '7403': { code: 'AUTH_FAILED', says: 'The authentication has expired', tokenExpired: true, retryable: true }, // kia_uvo #1039
  '7404': { code: 'AUTH_FAILED', says: 'The username or password is incorrect' }, // kia_uvo #1471
  '7445': { code: 'CLOUD_UNAVAILABLE', says: 'The request could not be processed', retryable: false },
  '7549': { code: 'AUTH_FAILED', says: 'The one-time code was not accepted' }, // Genesis, HKC #1169
  '7602': { code: 'AUTH_FAILED', says: 'The access token was deleted (another sign-in replaced it)', tokenExpired: true, retryable: true },
  '7606': { code: 'AUTH_FAILED', says: 'The access token belongs to another IP address', tokenExpired: true, retryable: true }, // kia_uvo #1715
  '7710': { code: 'AUTH_FAILED', says: 'The device id is not valid' },
  '7999': { code: 'AUTH_FAILED', says: 'The one-time code is wrong or has expired; ask for a new one' }, // BetterBlueKit
  '6459': { code: 'CLOUD_UNAVAILABLE', says: 'The request was refused by the portal', retryable: false }, // HKC #1069
};

type Rec = Record<string, unknown>;
const rec = (value: unknown): Rec | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : null);

/**
 * `responseCode` comes as 0/1, "0"/"1" and, since mid-2026, false/true (true = failure;
 * BetterBlueKit `isCanadaResponseSuccess`). Null when the body is no envelope at all.
 */
export function envelopeFailed(body: unknown): boolean | null {
  const header = rec(rec(body)?.responseHeader);
  if (!header) return null;
  const code = header.responseCode;
  if (code === true || code === 1 || code === '1') return true;
  if (code === false || code === 0 || code === '0') return false;
  return rec(rec(body)?.error) !== null;
}

/** Cloud texts are short fixed sentences; still, nothing long and opaque is ever echoed. */
function clean(text: string): string {
  return text.replace(/[A-Za-z0-9._~+/=-]{32,}/g, '***').slice(0, 200);
}

/** The error for a failure envelope (`{ error: { errorCode, errorDesc? }, responseHeader }`). */
export function caFailure(body: unknown, context?: string): VehicleError {
  const error = rec(rec(body)?.error);
  const cloudCode = error?.errorCode === undefined || error.errorCode === null ? undefined : String(error.errorCode);
  const rule = cloudCode ? CA_ERRORS[cloudCode] : undefined;
  const desc = typeof error?.errorDesc === 'string' && error.errorDesc.trim() ? clean(error.errorDesc.trim()) : undefined;
  const text = desc ?? rule?.says ?? `The Canadian cloud refused the request${cloudCode ? ` (${cloudCode})` : ''}`;
  return new VehicleError(rule?.code ?? 'CLOUD_UNAVAILABLE', context ? `${context}: ${text}` : text, {
    cloudCode,
    httpStatus: 200,
    tokenExpired: rule?.tokenExpired ?? false,
    otpRequired: rule?.otpRequired,
    retryable: rule?.retryable ?? (rule ? undefined : false),
  });
}

/**
 * An HTTP failure: a JSON envelope goes through the table; Cloudflare's HTML "Attention Required"
 * (403) and its 1015 rate limit (429) come before any JSON (kia_uvo #1039, HKC #951) and mean "back
 * off", not "wrong password": they must never put the session into re-login required.
 */
export function caHttpError(err: unknown, context?: string): VehicleError {
  if (err instanceof VehicleError) return err;
  const response = rec(rec(err)?.response);
  const status = typeof response?.status === 'number' ? response.status : undefined;
  const data = response?.data;
  const body = typeof data === 'string' ? parseJson(data) : data;
  if (envelopeFailed(body)) {
    const f = caFailure(body, context);
    return new VehicleError(f.code, f.message, {
      cloudCode: f.cloudCode,
      httpStatus: status,
      tokenExpired: f.tokenExpired,
      otpRequired: f.otpRequired,
      retryable: f.retryable,
    });
  }
  const page = typeof data === 'string' ? data : '';
  const where = context ? `${context}: ` : '';
  if (status === 429 || /error code:?\s*1015|rate limited/i.test(page)) {
    return new VehicleError(
      'RATE_LIMITED',
      `${where}the Canadian portal's firewall is rate limiting this client; wait before trying again`,
      { httpStatus: status, retryAfterSeconds: 900 },
    );
  }
  if (status === 403 && /attention required|you have been blocked|cloudflare/i.test(page)) {
    return new VehicleError('CLOUD_UNAVAILABLE', `${where}the Canadian portal's firewall blocked this client; try again in a few hours`, {
      httpStatus: status,
      retryable: true,
      retryAfterSeconds: 3600,
    });
  }
  return toVehicleError(err, context);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
