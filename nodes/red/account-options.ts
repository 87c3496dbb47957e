// From the account editor dialog (properties + credentials) and Node-RED's settings to the
// library's AccountOptions. Used by the config node and by the "Test login" route, so that a test
// login runs with exactly what a deploy would run with.
import * as path from 'node:path';
import { VehicleError } from '../lib';
import type { AccountOptions, Logger } from '../lib';
import type { NodeDef } from 'node-red';
import type { AccountCredentials, AccountNodeDef } from './types';

const REGIONS = ['eu', 'us', 'demo'] as const;
const BRANDS = ['hyundai', 'kia', 'genesis'] as const;
const AUTH_MODES = ['password', 'refreshToken'] as const;

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
  const region = choice(config.region, REGIONS, 'eu', 'region');
  const options: AccountOptions = {
    region,
    brand: choice(config.brand, BRANDS, 'hyundai', 'brand'),
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
  if (region !== 'demo') options.authMode = region === 'us' ? 'password' : choice(config.authMode, AUTH_MODES, 'password', 'authMode');
  const apiBaseUrl = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl.trim() : '';
  if (apiBaseUrl !== '') options.apiBaseUrl = apiBaseUrl;
  // Without a userDir (tests, embedded runtimes) the session keeps its tokens in memory only.
  if (settings.userDir) options.tokenStoreDir = path.join(settings.userDir, 'hyundai-kia');
  if (typeof settings.credentialSecret === 'string' && settings.credentialSecret !== '') {
    options.tokenStoreSecret = settings.credentialSecret;
  }
  return options;
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
  if (!Number.isFinite(n)) throw new VehicleError('CONFIG_INVALID', `${name} must be a number, got "${String(value).slice(0, 20)}"`, { attempts: 0 });
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
