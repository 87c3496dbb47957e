// Kia USA (Kia Connect, cloud-protocol.md 3.1): the app's request headers. The device id is the
// phone's identity: the remember-me token is bound to it, so it is kept with the token set.
import { createHash, randomUUID } from 'node:crypto';

export const KIA_US_BASE = 'https://api.owners.kia.com';
/** Every path lives under this prefix of the host. */
export const API_PREFIX = '/apigw/v1/';

/** The DNS namespace of RFC 4122, which the iOS app hashes the device id under. */
const DNS_NAMESPACE = '6ba7b8109dad11d180b400c04fd430c8';

/** A name-based (version 5) UUID of `name` in the DNS namespace (RFC 4122 section 4.3). */
export function uuid5(name: string): string {
  const hash = createHash('sha1').update(Buffer.from(DNS_NAMESPACE, 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new phone: an upper-case random UUID, as the app makes one. */
export function newDeviceId(): string {
  return randomUUID().toUpperCase();
}

/** The headers of every call; `sid` and `vinkey` are added by the caller when it has them. */
export function kiaHeaders(deviceId: string, now: number): Record<string, string> {
  return {
    'content-type': 'application/json;charset=utf-8',
    accept: 'application/json',
    apptype: 'L',
    appversion: '7.22.0',
    clientid: 'SPACL716-APL',
    secretkey: 'sydnat-9kykci-Kuhtep-h5nK',
    clientuuid: uuid5(deviceId),
    from: 'SPA',
    to: 'APIGW',
    tokentype: 'A',
    language: '0',
    offset: String(Math.trunc(-new Date(now).getTimezoneOffset() / 60)),
    ostype: 'iOS',
    osversion: '15.8.5',
    phonebrand: 'iPhone',
    'user-agent': 'KIAPrimo_iOS/37 CFNetwork/1335.0.3.4 Darwin/21.6.0',
    date: new Date(now).toUTCString(),
    deviceid: deviceId,
  };
}
