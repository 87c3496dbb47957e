// From the account editor dialog (properties + credentials) and Node-RED's settings to the
// library's AccountOptions. Used by the config node and by the "Test login" route, so that a test
// login runs with exactly what a deploy would run with.
import * as path from 'node:path';
import { VehicleError } from '../lib';
import type { AccountOptions, AuthMode, Brand, Logger, Region } from '../lib';
import { REGION_NAMES, REGIONS } from '../lib/account/regions';
import type { NodeDef } from 'node-red';
import type { AccountCredentials, AccountNodeDef } from './types';

const OTP_METHODS = ['email', 'sms'] as const;

/** The Node-RED settings the account reads. */
export interface StoreSettings {
  userDir?: string;
  credentialSecret?: string | false;
}

/** The dialog's fields: a deployed node's properties, or the form values the "Test login" button posts. */
export type AccountFields = Partial<Record<keyof Omit<AccountNodeDef, keyof NodeDef>, unknown>>;

export function accountOptionsFrom(
  config: AccountFields,
  credentials: AccountCredentials | undefined,
  settings: StoreSettings,
  logger: Logger,
): AccountOptions {
  const region = choice<Region>(config.region, REGION_NAMES, 'eu', 'region');
  const row = REGIONS[region];
  const options: AccountOptions = {
    region,
    brand: choice<Brand>(config.brand, row.brands, row.brands[0], 'brand'),
    credentials: secretsOf(credentials),
    autoRefresh: config.autoRefresh !== false && config.autoRefresh !== 'false',
    logger,
  };
  const refreshBufferMinutes = minutes(config.refreshBufferMinutes);
  if (refreshBufferMinutes !== undefined) options.refreshBufferMinutes = refreshBufferMinutes;
  const keepaliveMinutes = minutes(config.keepaliveMinutes);
  if (keepaliveMinutes !== undefined) options.keepaliveMinutes = keepaliveMinutes;
  const requestTimeoutSeconds = minutes(config.requestTimeoutSeconds, 'requestTimeoutSeconds');
  if (requestTimeoutSeconds !== undefined) options.requestTimeoutSeconds = requestTimeoutSeconds;
  // A region with one sign-in mode uses it, whatever a dialog of an older version saved.
  if (!row.inProcess) {
    options.authMode =
      row.authModes.length === 1 ? row.authModes[0] : choice<AuthMode>(config.authMode, row.authModes, row.authModes[0], 'authMode');
  }
  Object.assign(options, protectionOf(config));
  const apiBaseUrl = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl.trim() : '';
  if (apiBaseUrl !== '') options.apiBaseUrl = apiBaseUrl;
  // Without a userDir (tests, embedded runtimes) the session keeps its tokens in memory only.
  if (settings.userDir) options.tokenStoreDir = path.join(settings.userDir, 'hyundai-kia');
  if (typeof settings.credentialSecret === 'string' && settings.credentialSecret !== '') {
    options.tokenStoreSecret = settings.credentialSecret;
  }
  return options;
}

/** How the cloud should send a one-time code (Kia USA); email unless the dialog says SMS. */
export function otpMethodOf(config: AccountFields): 'email' | 'sms' {
  return choice(config.otpMethod, OTP_METHODS, 'email', 'otpMethod');
}

/** The protection fields; unset ones keep the library's defaults, which also checks the ranges. */
function protectionOf(config: AccountFields): Partial<AccountOptions> {
  const out: Partial<AccountOptions> = {};
  for (const key of ['dailyBudget', 'minForceIntervalMinutes', 'min12vSoc', 'pollMinutes'] as const) {
    const value = config[key];
    if (value === undefined || value === null || value === '') continue;
    const n = Number(value);
    if (!Number.isFinite(n))
      throw new VehicleError('CONFIG_INVALID', `${key} must be a number, got "${String(value).slice(0, 20)}"`, { attempts: 0 });
    out[key] = n;
  }
  if (config.forceRefresh !== undefined && config.forceRefresh !== '')
    out.forceRefresh = choice(config.forceRefresh, ['allowed', 'never'] as const, 'allowed', 'forceRefresh');
  if (typeof config.quietHours === 'string' && config.quietHours.trim() !== '') out.quietHours = config.quietHours.trim();
  return out;
}

function choice<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new VehicleError('CONFIG_INVALID', `${name} must be one of ${allowed.join(', ')}`, { attempts: 0 });
}

/** Text becomes a number; unset means the library's default. The library checks the ranges. */
function minutes(value: unknown, name = 'minutes'): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new VehicleError('CONFIG_INVALID', `${name} must be a number, got "${String(value).slice(0, 20)}"`, { attempts: 0 });
  return n;
}

function secretsOf(credentials: AccountCredentials | undefined): AccountOptions['credentials'] {
  const out: AccountOptions['credentials'] = {};
  for (const key of ['username', 'password', 'pin', 'refreshToken'] as const) {
    const value = credentials?.[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    // A password may really begin or end with a space; pasted tokens and user names do not.
    out[key] = key === 'password' ? value : value.trim();
  }
  return out;
}

/** Where the credentials go. A stored secret may only ever be sent to the endpoint it was saved for. */
export function endpointOf(config: AccountFields): string {
  const base = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl.trim() : '';
  return `${String(config.region ?? 'eu')} ${String(config.brand ?? 'hyundai')} ${base}`;
}
