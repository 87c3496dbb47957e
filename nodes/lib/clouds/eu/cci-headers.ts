// Headers of the OneApp's CCI API (cloud-protocol.md 1.5 D and its corrections): who the app is,
// and, once signed in, the CCI tokens in four headers of their own.
import type { OneApp } from './brands';

/** The CCI tokens the API wants back on every call, and as a whole set to refresh. */
export interface CciTokens {
  accessToken: string;
  refreshToken: string;
  exchangeableAccessToken: string;
  exchangeableRefreshToken: string;
  nonCcsToken: string;
  nonCcsRefreshToken: string;
  idToken: string;
}

/** Europe/Berlin's offset now, e.g. `+01:00` in winter and `+02:00` in summer (the app sends it). */
export function berlinOffset(nowMs: number): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });
  const name = format.formatToParts(new Date(nowMs)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

export function cciHeaders(app: OneApp, deviceId: string, nowMs: number, tokens?: CciTokens, json = false): Record<string, string> {
  const headers: Record<string, string> = {
    'client-id': app.packageId,
    'client-name': app.clientName,
    'client-version': '1.3.3',
    'client-os-code': 'ios',
    'client-os-version': app.osVersion,
    'client-device-id': deviceId,
    'client-device-model': 'iPhone',
    'client-notification-provider-type': app.notificationProvider,
    locale: 'EN',
    timezone: berlinOffset(nowMs),
    Accept: 'application/json',
    'Accept-Language': 'en',
    'User-Agent': 'okhttp/3.12.0',
  };
  if (tokens) {
    // `Authentication` carries the non-CCS token without "Bearer" (HKC `_get_cci_headers`).
    headers.Authentication = tokens.nonCcsToken;
    headers.authorization = `Bearer ${tokens.accessToken}`;
    headers['exchangeable-token'] = tokens.exchangeableAccessToken;
    headers['non-ccs-token'] = tokens.nonCcsToken;
  }
  if (json) headers['Content-Type'] = 'application/json';
  else headers['Content-Length'] = '0';
  return headers;
}
