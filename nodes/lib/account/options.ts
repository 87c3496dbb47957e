// AccountOptions (contract section 3) and their checks: a wrong option is CONFIG_INVALID at once.
import { VehicleError } from '../errors';
import type { AuthMode, Brand, Logger, Region } from '../types';
import { REGION_NAMES, regionRow } from './regions';

/** Where a one-time code comes from when the cloud asks for one (Kia USA): contract section 3. */
export interface AccountOtp {
  /** How the cloud should send the code (default email). */
  method?: 'email' | 'sms';
  /** Resolves with the code the user received; a code not given within 10 minutes ends the sign-in. */
  provide(): Promise<string>;
}
import { checkProtectionOptions, type ProtectionOptions } from '../protect/options';

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
  /** How often a confirmed command asks for its result (default 5; demo 1). */
  confirmPollSeconds?: number;
  /** Injected clock (tests). */
  now?: () => number;
  /** The one-time code when the cloud asks for one (Kia USA, Canada). Without it such a sign-in is AUTH_FAILED (otpRequired). */
  otp?: AccountOtp;
}

function fail(message: string): never {
  throw new VehicleError('CONFIG_INVALID', message);
}

function checkMinutes(value: number | undefined, name: string, allowed: (n: number) => boolean, says: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || !allowed(value)) fail(`${name} must be ${says}`);
}

export function checkAccountOptions(o: AccountOptions): void {
  if (!o || typeof o !== 'object') fail('createAccount needs an options object');
  const row = regionRow(o.region);
  if (!row) fail(`region must be one of ${REGION_NAMES.join(', ')}`);
  if (!row.inProcess && !row.brands.includes(o.brand)) fail(`brand must be one of ${row.brands.join(', ')} in region "${o.region}"`);
  const mode = o.authMode ?? 'password';
  if (mode !== 'password' && mode !== 'refreshToken') fail('authMode must be "password" or "refreshToken"');
  if (o.apiBaseUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(o.apiBaseUrl)) fail('apiBaseUrl must be an http(s) URL');
  checkMinutes(o.refreshBufferMinutes, 'refreshBufferMinutes', (n) => n >= 0 && n <= 60, 'from 0 to 60');
  checkMinutes(o.keepaliveMinutes, 'keepaliveMinutes', (n) => n === 0 || (n >= 1 && n <= 1440), '0 (off) or from 1 to 1440');
  if (o.confirmPollSeconds !== undefined && !(typeof o.confirmPollSeconds === 'number' && o.confirmPollSeconds > 0 && o.confirmPollSeconds <= 60)) {
    fail('confirmPollSeconds must be a number of seconds from 0 to 60');
  }
  if (o.otp !== undefined) {
    if (!o.otp || typeof o.otp !== 'object' || typeof o.otp.provide !== 'function') fail('otp must be an object with a provide() function');
    if (o.otp.method !== undefined && o.otp.method !== 'email' && o.otp.method !== 'sms') fail('otp.method must be "email" or "sms"');
  }
  checkProtectionOptions(o);
  if (row.inProcess) return;
  const c = o.credentials ?? {};
  if (!row.authModes.includes(mode)) fail(`region "${o.region}" signs in with authMode ${row.authModes.map((m) => `"${m}"`).join(' or ')}`);
  if (mode === 'refreshToken' && !c.refreshToken) fail('authMode "refreshToken" needs the refresh token from the vendor web login');
  if (mode === 'password' && (!c.username || !c.password)) fail('authMode "password" needs the username and the password');
}
