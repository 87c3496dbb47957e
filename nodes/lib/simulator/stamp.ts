// The EU `Stamp` header (cloud-protocol.md 1.2): base64 of the brand's CFB XOR "{appId}:{time}".
// Checked leniently: seconds or milliseconds, 47 or 50 bytes; only the "{appId}:" prefix must match.
import { header, RouteContext } from './http-types';
import { euErrors } from './eu-envelopes';
import type { Reply } from './http-types';
import { VARIANT_TENANTS } from './ccsp-tenants';

interface BrandKeys {
  brand: string;
  serviceId: string;
  appIds: string[];
  cfb: Buffer;
}

export const EU_BRANDS: BrandKeys[] = [
  {
    brand: 'kia',
    serviceId: 'fdc85c00-0a2f-4c64-bcb4-2cfb1500730a',
    appIds: ['a2b8469b-30a3-4361-8e13-6fceea8fbe74'],
    cfb: Buffer.from('wLTVxwidmH8CfJYBWSnHD6E0huk0ozdiuygB4hLkM5XCgzAL1Dk5sE36d/bx5PFMbZs=', 'base64'),
  },
  {
    brand: 'hyundai',
    serviceId: '6d477c38-3ca4-4cf3-9557-2a1929a94654',
    appIds: ['014d2225-8495-4735-812d-2616334fd15d', '1eba27d2-9a5b-4eba-8ec7-97eb6c62fb51'],
    cfb: Buffer.from('RFtoRq/vDXJmRndoZaZQyfOot7OrIqGVFj96iY2WL3yyH5Z/pUvlUhqmCxD2t+D65SQ=', 'base64'),
  },
  {
    brand: 'genesis',
    serviceId: '3020afa2-30ff-412a-aa51-d28fbe901e10',
    appIds: ['f11f2b86-e0e7-4851-90df-5600b01d8b70'],
    cfb: Buffer.from('RFtoRq/vDXJmRndoZaZQyYo3/qFLtVReW8P7utRPcc0ZxOzOELm9mexvviBk/qqIp4A=', 'base64'),
  },
];

export const EU_SERVICE_IDS = new Set(EU_BRANDS.map((brand) => brand.serviceId));

/** Every app's keys: the EU brands and the AU/NZ/India tenants (each of their stamp keys). */
const ALL_KEYS: Array<{ appIds: string[]; cfb: Buffer }> = [
  ...EU_BRANDS,
  ...VARIANT_TENANTS.flatMap((tenant) => tenant.cfbs.map((cfb) => ({ appIds: [tenant.appId], cfb }))),
];

/** The application id a stamp was made for, or null when it decodes for no known app. */
export function stampAppId(stamp: string): string | null {
  const bytes = Buffer.from(stamp, 'base64');
  for (const { appIds, cfb } of ALL_KEYS) {
    const plain = Buffer.alloc(Math.min(bytes.length, cfb.length));
    for (let i = 0; i < plain.length; i += 1) plain[i] = bytes[i] ^ cfb[i];
    const text = plain.toString('latin1');
    const appId = appIds.find((id) => text.startsWith(`${id}:`));
    if (appId) return appId;
  }
  return null;
}

/** A 401 / 4017 reply when the stamp or application id is wrong; null when the request may pass. */
export function checkStamp(ctx: RouteContext): Reply | null {
  const stamp = header(ctx, 'stamp');
  const appHeader = header(ctx, 'ccsp-application-id');
  if (!stamp) return ctx.world.options.strictStamp ? euErrors.appId() : null;
  const appId = stampAppId(stamp);
  if (!appId || (appHeader !== undefined && appHeader !== appId)) return euErrors.appId();
  return null;
}

/** Makes a stamp the way a client does (tests use it). */
export function makeStamp(appId: string, unixTime: number): string {
  const brand = ALL_KEYS.find((keys) => keys.appIds.includes(appId));
  if (!brand) throw new Error('unknown application id');
  const plain = Buffer.from(`${appId}:${unixTime}`, 'latin1');
  const out = Buffer.alloc(Math.min(plain.length, brand.cfb.length));
  for (let i = 0; i < out.length; i += 1) out[i] = plain[i] ^ brand.cfb[i];
  return out.toString('base64');
}
