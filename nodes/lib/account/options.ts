// AccountOptions (contract section 3) and their checks: a wrong option is CONFIG_INVALID at once.
import { VehicleError } from '../errors';
import { OPTION_RANGES } from '../ranges';
import type { AuthMode, Brand, Logger, Region } from '../types';
import { REGION_NAMES, regionRow } from './regions';

import { checkProtectionOptions, type ProtectionOptions } from '../protect/options';

export { OPTION_RANGES };

/** Where a one-time code comes from when the cloud asks for one (Kia USA, Canada): contract section 3. */
export interface AccountOtp {
  /** How the cloud should send the code (default email). */
  method?: 'email' | 'sms';
  /** Resolves with the code the user received; a code not given within 10 minutes ends the sign-in. */
  provide(): Promise<string>;
}

/** The protection options (dailyBudget, forceRefresh, ...) are described in protect/options.ts. */
export interface AccountOptions extends ProtectionOptions {
  region: Region;
  brand: Brand;
  /** EU: both; US: password. */
  authMode?: AuthMode;
  /** Replaces every host of the region (API, identity, CCI); paths unchanged. */
  apiBaseUrl?: string;
  credentials: { username?: string; password?: string; pin?: string; refreshToken?: string };
  /** Refresh this long before expiry (default 5). */
  refreshBufferMinutes?: number;
  /** Refresh at least this often even when idle (default 60; 0 = off). */
  keepaliveMinutes?: number;
  /** Background refresh and keepalive (default true). */
  autoRefresh?: boolean;
  /** Where rotated tokens are persisted; none = memory only. */
  tokenStoreDir?: string;
  /** Key material for the encrypted token store (Node-RED's credentialSecret); else a key file. */
  tokenStoreSecret?: string;
  logger?: Logger;
  /**
   * A session of its own, not shared and not persisted: the editor's "Test login" checks the typed
   * password instead of joining the live session. Honoured for password logins only, because a
   * pasted refresh token must never be spent by a second session (the cloud would revoke both).
   */
  isolated?: boolean;
  /** One HTTP request to the cloud, in seconds (default 30, 5–120). */
  requestTimeoutSeconds?: number;
  /** How often a confirmed command asks for its result (default 5; demo 1). */
  confirmPollSeconds?: number;
  /** Injected clock (tests). */
  now?: () => number;
  /** The one-time code when the cloud asks for one (Kia USA, Canada). Without it such a sign-in is AUTH_FAILED (otpRequired). */
  otp?: AccountOtp;
}

const R = OPTION_RANGES;

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isText: Check = (v) => typeof v === 'string' && v.trim() !== '';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isFunction: Check = (v) => typeof v === 'function';
const inRange =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isLogger: Check = (v) =>
  typeof v === 'object' &&
  v !== null &&
  ['debug', 'info', 'warn', 'error'].every((level) => typeof (v as Record<string, unknown>)[level] === 'function');
const CREDENTIAL_KEYS = ['username', 'password', 'pin', 'refreshToken'];
const isCredentials: Check = (v) =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.entries(v).every(([key, value]) => CREDENTIAL_KEYS.includes(key) && (value === undefined || typeof value === 'string'));

/**
 * Every optional field: its check and what it must be. An absent field (undefined) takes its
 * default. New options add one line here.
 */
const OPTION_RULES: Array<[keyof AccountOptions, Check, string]> = [
  ['authMode', (v) => v === 'password' || v === 'refreshToken', '"password" or "refreshToken"'],
  ['apiBaseUrl', (v) => isString(v) && /^https?:\/\/[^\s/]+/i.test(v as string), 'an http(s) URL'],
  ['credentials', isCredentials, 'an object with only username, password, pin and refreshToken, each a string'],
  [
    'refreshBufferMinutes',
    inRange(R.refreshBufferMinutes.min, R.refreshBufferMinutes.max),
    `a number of minutes from ${R.refreshBufferMinutes.min} to ${R.refreshBufferMinutes.max}`,
  ],
  [
    'keepaliveMinutes',
    (v) => v === 0 || inRange(R.keepaliveMinutes.min, R.keepaliveMinutes.max)(v),
    `0 (off) or a number of minutes from ${R.keepaliveMinutes.min} to ${R.keepaliveMinutes.max}`,
  ],
  ['autoRefresh', isBoolean, 'true or false'],
  ['tokenStoreDir', isText, 'a folder path (a non-empty string)'],
  ['tokenStoreSecret', isString, 'a string'],
  ['logger', isLogger, 'an object with debug, info, warn and error functions'],
  ['isolated', isBoolean, 'true or false'],
  [
    'requestTimeoutSeconds',
    inRange(R.requestTimeoutSeconds.min, R.requestTimeoutSeconds.max),
    `a number of seconds from ${R.requestTimeoutSeconds.min} to ${R.requestTimeoutSeconds.max}`,
  ],
  [
    'confirmPollSeconds',
    inRange(R.confirmPollSeconds.min, R.confirmPollSeconds.max),
    `a number of seconds from ${R.confirmPollSeconds.min} to ${R.confirmPollSeconds.max}`,
  ],
  ['now', isFunction, 'a function returning epoch milliseconds'],
];

function fail(message: string): never {
  throw new VehicleError('CONFIG_INVALID', message);
}

export function checkAccountOptions(o: AccountOptions): void {
  if (!o || typeof o !== 'object' || Array.isArray(o)) fail('createAccount needs an options object');
  const row = regionRow(o.region);
  if (!row) fail(`region must be one of ${REGION_NAMES.join(', ')}`);
  if (!row.inProcess && !row.brands.includes(o.brand)) fail(`brand must be one of ${row.brands.join(', ')} in region "${o.region}"`);
  for (const [field, check, says] of OPTION_RULES) {
    if (o[field] !== undefined && !check(o[field])) fail(`${field} must be ${says}`);
  }
  if (o.otp !== undefined) {
    if (!o.otp || typeof o.otp !== 'object' || typeof o.otp.provide !== 'function') fail('otp must be an object with a provide() function');
    if (o.otp.method !== undefined && o.otp.method !== 'email' && o.otp.method !== 'sms') fail('otp.method must be "email" or "sms"');
  }
  checkProtectionOptions(o);
  if (row.inProcess) return;
  const mode = o.authMode ?? 'password';
  const c = o.credentials ?? {};
  if (!row.authModes.includes(mode)) fail(`region "${o.region}" signs in with authMode ${row.authModes.map((m) => `"${m}"`).join(' or ')}`);
  if (mode === 'refreshToken' && !c.refreshToken) fail('authMode "refreshToken" needs the refresh token from the vendor web login');
  if (mode === 'password' && (!c.username || !c.password)) fail('authMode "password" needs the username and the password');
}
