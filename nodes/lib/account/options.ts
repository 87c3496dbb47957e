// AccountOptions (contract section 3) and their checks: a wrong option is CONFIG_INVALID at once.
import { VehicleError } from '../errors';
import type { AuthMode, Brand, Logger, Region } from '../types';
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
}

const REGIONS: Region[] = ['eu', 'us', 'demo'];
const BRANDS: Brand[] = ['hyundai', 'kia', 'genesis'];

function fail(message: string): never {
  throw new VehicleError('CONFIG_INVALID', message);
}

function checkMinutes(value: number | undefined, name: string, allowed: (n: number) => boolean, says: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || !allowed(value)) fail(`${name} must be ${says}`);
}

export function checkAccountOptions(o: AccountOptions): void {
  if (!o || typeof o !== 'object') fail('createAccount needs an options object');
  if (!REGIONS.includes(o.region)) fail('region must be "eu", "us" or "demo"');
  if (o.region !== 'demo' && !BRANDS.includes(o.brand)) fail('brand must be "hyundai", "kia" or "genesis"');
  const mode = o.authMode ?? 'password';
  if (mode !== 'password' && mode !== 'refreshToken') fail('authMode must be "password" or "refreshToken"');
  if (o.apiBaseUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(o.apiBaseUrl)) fail('apiBaseUrl must be an http(s) URL');
  checkMinutes(o.refreshBufferMinutes, 'refreshBufferMinutes', (n) => n >= 0 && n <= 60, 'from 0 to 60');
  checkMinutes(o.keepaliveMinutes, 'keepaliveMinutes', (n) => n === 0 || (n >= 1 && n <= 1440), '0 (off) or from 1 to 1440');
  if (o.confirmPollSeconds !== undefined && !(typeof o.confirmPollSeconds === 'number' && o.confirmPollSeconds > 0 && o.confirmPollSeconds <= 60)) {
    fail('confirmPollSeconds must be a number of seconds from 0 to 60');
  }
  checkProtectionOptions(o);
  if (o.region === 'demo') return;
  const c = o.credentials ?? {};
  if (o.region === 'us' && mode !== 'password') fail('the US cloud logs in with username and password (authMode "password")');
  if (mode === 'refreshToken' && !c.refreshToken) fail('authMode "refreshToken" needs the refresh token from the vendor web login');
  if (mode === 'password' && (!c.username || !c.password)) fail('authMode "password" needs the username and the password');
}
