// Errors are data: one error class with a `code`, and one place that turns whatever a cloud, axios
// or the network threw into that code (contract section 6); each cloud's code table sits beside its
// client (clouds/*/errors.ts). Nothing here ever copies a token, password or PIN into a message:
// cloud messages are short fixed texts and are truncated anyway.

import { EU_CODES, euCloudCode } from './clouds/eu/errors';
import { US_HYUNDAI_CODES, usHyundaiCloudCode } from './clouds/us/errors';
import { US_KIA_CODES, usKiaCloudCode } from './clouds/us-kia/error-table';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'CONFIG_INVALID',
  'AUTH_FAILED',
  'TOKEN_REFRESH_FAILED',
  'RATE_LIMITED',
  'VEHICLE_BUSY',
  'VEHICLE_UNREACHABLE',
  'CLOUD_UNAVAILABLE',
  'CIRCUIT_OPEN',
  'UNSUPPORTED',
  'COMMAND_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorClass {
  code: ErrorCode;
  retryable: boolean;
  retryAfterSeconds?: number;
}

export interface VehicleErrorDetails {
  retryable?: boolean;
  retryAfterSeconds?: number;
  /** The cloud's own code (EU `resCode`, US `errorSubCode`, ...). */
  cloudCode?: string;
  httpStatus?: number;
  /** True when the cloud said the access token has expired (section 6). */
  tokenExpired?: boolean;
  /** True when the cloud asked for a one-time code and none could be given (Kia USA, Canada). */
  otpRequired?: boolean;
  attempts?: number;
  durationMs?: number;
  /** A command failed in a way that leaves unknown whether the cloud passed it on to the car. */
  maybeSent?: boolean;
  cause?: unknown;
}

/** The one error class of the library. `code` is what a Node-RED Catch node sees. */
export class VehicleError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly cloudCode?: string;
  readonly httpStatus?: number;
  readonly tokenExpired: boolean;
  /** True when the sign-in needs a one-time code that nobody gave (contract section 6: Kia USA, Canada). */
  readonly otpRequired?: boolean;
  attempts?: number;
  durationMs?: number;
  maybeSent?: boolean;

  constructor(code: ErrorCode, message: string, details: VehicleErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'VehicleError';
    this.code = code;
    this.retryable = details.retryable ?? DEFAULT_RETRYABLE[code];
    this.tokenExpired = details.tokenExpired ?? false;
    if (details.otpRequired) this.otpRequired = true;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
    if (details.cloudCode !== undefined) this.cloudCode = details.cloudCode;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.durationMs !== undefined) this.durationMs = details.durationMs;
    if (details.maybeSent !== undefined) this.maybeSent = details.maybeSent;
  }
}

export function isVehicleError(err: unknown): err is VehicleError {
  return err instanceof VehicleError;
}

const DEFAULT_RETRYABLE: Record<ErrorCode, boolean> = {
  INVALID_INPUT: false,
  CONFIG_INVALID: false,
  AUTH_FAILED: false,
  TOKEN_REFRESH_FAILED: true,
  RATE_LIMITED: true,
  VEHICLE_BUSY: true,
  VEHICLE_UNREACHABLE: true,
  CLOUD_UNAVAILABLE: true,
  CIRCUIT_OPEN: true,
  UNSUPPORTED: false,
  COMMAND_FAILED: false,
};

// ---------------------------------------------------------------------------------------------
// Reading an unknown error: status, headers, body, message, network code
// ---------------------------------------------------------------------------------------------

interface ErrorFacts {
  status?: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown> | null;
  text: string;
  networkCode?: string;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function parseBody(data: unknown): Record<string, unknown> | null {
  if (typeof data === 'string') {
    try {
      return asRecord(JSON.parse(data));
    } catch {
      return null;
    }
  }
  return asRecord(data);
}

function readFacts(err: unknown): ErrorFacts {
  const e = asRecord(err) ?? {};
  const response = asRecord(e.response);
  const headersRaw = asRecord(response?.headers) ?? {};
  // axios headers are an AxiosHeaders object; plain lookup by lower-case name works on both.
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headersRaw)) headers[k.toLowerCase()] = v;
  const body = parseBody(response?.data);
  const status = typeof response?.status === 'number' ? response.status : typeof e.status === 'number' ? e.status : undefined;
  const message = typeof e.message === 'string' ? e.message : typeof err === 'string' ? err : '';
  const networkCode = typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code) ? e.code : undefined;
  const bodyText = body
    ? Object.values(body)
        .filter((v) => typeof v === 'string')
        .join(' ')
    : '';
  return { status, headers, body, text: `${message} ${bodyText}`, networkCode };
}

// ---------------------------------------------------------------------------------------------
// Token expiry (section 6): every known shape, nothing else
// ---------------------------------------------------------------------------------------------

const EXPIRED_TEXT = [
  /key not authorized:\s*token (is|has) expired/i, // EU API gateway (HKC #1104, kia_uvo #1191)
  /token has expired/i, // US Hyundai C401_2 (kia_uvo #202)
  /session key is either invalid or expired/i, // US Kia 1003 / 1005
];

/** True when the error says the access token has expired and a refresh will cure it. */
export function isTokenExpiredError(err: unknown): boolean {
  if (err instanceof VehicleError) return err.tokenExpired;
  const { status, body, text } = readFacts(err);
  if (status === 403) return false;
  if (body) {
    // US Hyundai: { errorCode: 401, errorSubCode: 'C401_2', errorMessage: 'Token has expired' }
    if (Number(body.errorCode) === 401 || body.errorSubCode === 'C401_2') return true;
    // US Kia: { status: { statusCode: 1, errorCode: 1003 | 1005 } }
    const kia = asRecord(body.status);
    if (kia && Number(kia.statusCode) === 1 && [1003, 1005].includes(Number(kia.errorCode))) return true;
  }
  return EXPIRED_TEXT.some((pattern) => pattern.test(text));
}

// ---------------------------------------------------------------------------------------------
// Classification: one table per cloud, looked up in order
// ---------------------------------------------------------------------------------------------

/** Each cloud's table beside its client, in the order an answer is tried against them. */
const CLOUD_TABLES: Array<{ codeOf: (body: Record<string, unknown>) => string | null; codes: Record<string, ErrorCode> }> = [
  { codeOf: euCloudCode, codes: EU_CODES },
  { codeOf: usHyundaiCloudCode, codes: US_HYUNDAI_CODES },
  { codeOf: usKiaCloudCode, codes: US_KIA_CODES },
];

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

const MESSAGE_CODES: Array<[RegExp, ErrorCode]> = [
  [/exceeds number of requests|daily remote service request limit|too many requests/i, 'RATE_LIMITED'],
  [/duplicate request/i, 'VEHICLE_BUSY'],
  [/not able to connect with your vehicle|response timeout|non-response/i, 'VEHICLE_UNREACHABLE'],
  [/unsupported control request/i, 'UNSUPPORTED'],
  [/service temporary unavailable|socket hang up|network error/i, 'CLOUD_UNAVAILABLE'],
  [/invalid email or password|invalid parameters|received unexpected statuscode|invalid_grant/i, 'AUTH_FAILED'],
];

/** Reads a Retry-After header: seconds or an HTTP date; garbage and negatives are ignored. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
  if (!/[a-z]/i.test(text)) return undefined; // negative numbers and other non-dates
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function cloudCodeOf(body: Record<string, unknown> | null): { table: Record<string, ErrorCode>; code: string } | null {
  if (!body) return null;
  for (const { codeOf, codes } of CLOUD_TABLES) {
    const code = codeOf(body);
    if (code !== null) return { table: codes, code };
  }
  return null;
}

/** Maps any error (axios, ours, a plain Error carrying the cloud's message) to a code. */
export function classifyError(err: unknown): ErrorClass {
  if (err instanceof VehicleError) return withRetryAfter({ code: err.code, retryable: err.retryable }, err.retryAfterSeconds);

  const facts = readFacts(err);
  const retryAfter = parseRetryAfter(facts.headers['retry-after']);

  if (isTokenExpiredError(err)) return { code: 'AUTH_FAILED', retryable: true };

  const cloud = cloudCodeOf(facts.body);
  const fromTable = cloud ? cloud.table[cloud.code] : undefined;
  if (fromTable) return withRetryAfter({ code: fromTable, retryable: DEFAULT_RETRYABLE[fromTable] }, retryAfter);

  const status = facts.status;
  if (status !== undefined) {
    if (status === 429 || status === 509) return withRetryAfter({ code: 'RATE_LIMITED', retryable: true }, retryAfter);
    if (status === 408) return { code: 'CLOUD_UNAVAILABLE', retryable: true };
    if (status >= 500) return withRetryAfter({ code: 'CLOUD_UNAVAILABLE', retryable: true }, retryAfter);
    if (status === 401 || status === 403) return { code: 'AUTH_FAILED', retryable: false };
  }
  if (facts.networkCode && NETWORK_CODES.has(facts.networkCode)) return { code: 'CLOUD_UNAVAILABLE', retryable: true };

  for (const [pattern, code] of MESSAGE_CODES) {
    if (pattern.test(facts.text)) return { code, retryable: DEFAULT_RETRYABLE[code] };
  }
  if (status !== undefined && status >= 400) return { code: 'CLOUD_UNAVAILABLE', retryable: false };
  return { code: 'CLOUD_UNAVAILABLE', retryable: false };
}

function withRetryAfter(result: ErrorClass, retryAfterSeconds: number | undefined): ErrorClass {
  return retryAfterSeconds === undefined ? result : { ...result, retryAfterSeconds };
}

/** A short, secret-free description of a cloud error for messages and logs. */
function describe(err: unknown): { message: string; cloudCode?: string; httpStatus?: number } {
  const facts = readFacts(err);
  const cloud = cloudCodeOf(facts.body);
  const b = facts.body;
  const cloudMessage =
    (b && (b.resMsg ?? b.errMsg ?? b.errorMessage ?? b.error ?? b.retMsg ?? asRecord(b.status)?.errorMessage)) ?? undefined;
  const network = facts.networkCode && NETWORK_CODES.has(facts.networkCode) && facts.status === undefined ? facts.networkCode : undefined;
  let message =
    typeof cloudMessage === 'string'
      ? cloudMessage
      : network
        ? `cannot reach the cloud (${network === 'ECONNABORTED' || network === 'ETIMEDOUT' ? `${network}: no answer in time` : network})`
        : (facts.networkCode ?? (err instanceof Error ? err.message : String(err)));
  // Never echo anything that looks like a bearer token or a long opaque string.
  message = message
    .replace(/Bearer\s+\S+/gi, 'Bearer ***')
    .replace(/[A-Za-z0-9._~+/=-]{32,}/g, '***')
    .slice(0, 200);
  return { message, cloudCode: cloud?.code, httpStatus: facts.status };
}

/** Wraps anything thrown by a cloud call into a VehicleError (ours pass through unchanged). */
export function toVehicleError(err: unknown, context?: string): VehicleError {
  if (err instanceof VehicleError) return err;
  const cls = classifyError(err);
  const { message, cloudCode, httpStatus } = describe(err);
  return new VehicleError(cls.code, context ? `${context}: ${message}` : message, {
    retryable: cls.retryable,
    retryAfterSeconds: cls.retryAfterSeconds,
    cloudCode,
    httpStatus,
    tokenExpired: isTokenExpiredError(err),
    // No `cause`: an axios error carries the request headers, and with them the tokens.
  });
}
