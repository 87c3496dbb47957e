// The CCSP clouds outside Europe, as the gateways know them (more-regions.md 2.1, 3.1, 5): Kia AU and
// Kia NZ share one host and are told apart by the service id (the `ccsp-service-id` header, the
// Basic client id, the authorize `client_id`); Hyundai AU and India have hosts of their own. On one
// simulator URL every one of them is told apart the same way. Written from the research for the
// simulator alone: the clients keep their own copy.
import type { TempTable } from './eu-temp-code';
import { header, RouteContext } from './http-types';

export type CcspMarket = 'eu' | 'au' | 'nz' | 'in';
export type VariantMarket = Exclude<CcspMarket, 'eu'>;

export interface VariantTenant {
  market: VariantMarket;
  brand: 'kia' | 'hyundai';
  serviceId: string;
  secret: string;
  appId: string;
  /** Stamp keys: the current one first, then the one before 2025-08 (EGMP still ships it). */
  cfbs: Buffer[];
}

const key = (b64: string) => Buffer.from(b64, 'base64');

export const VARIANT_TENANTS: VariantTenant[] = [
  {
    market: 'au',
    brand: 'kia',
    serviceId: '8acb778a-b918-4a8d-8624-73a0beb64289',
    secret: '7ScMMm6fEYXdiEPCxaPaQmgeYdlUrfwoh4AfXGOzYIS2Cu9T',
    appId: '4ad4dcde-be23-48a8-bc1c-91b94f5c06f8',
    cfbs: [
      key('SGGCDRvrzmRa2WTNFQPUaNfSFdtPklZ48xUuVckigYasxmeOQqVgCAC++YNrI1vVabI='),
      key('IDbMgWBXgic4MAyMgf5PFFRAdGX5O3IyC3uvN3scCs0gDpTFDuyvBorlAH9JMM2/wMc='),
    ],
  },
  {
    market: 'au',
    brand: 'hyundai',
    serviceId: '855c72df-dfd7-4230-ab03-67cbf902bb1c',
    secret: 'e6fbwHM32YNbhQl0pviaPp3rf4t3S6k91eceA3MJLdbdThCO',
    appId: 'f9ccfdac-a48d-4c57-bd32-9116963c24ed',
    cfbs: [
      key('nGDHng3k4Cg9gWV+C+A6Yk/ecDopUNTkGmDpr2qVKAQXx9bvY2/YLoHPfObliK32mZQ='),
      key('V60WkEmyRQaAfrBF1623/7QL62MjLVbCHdItGzQ1g5T/hkmKmMVTaMHv4cKGzgD3gL8='),
    ],
  },
  {
    market: 'nz',
    brand: 'kia',
    serviceId: '4ab606a7-cea4-48a0-a216-ed9c14a4a38c',
    secret: '0haFqXTkKktNKfzkxhZ0aku31i74g0yQFm5od2mz4LdI5mLY',
    appId: '97745337-cac6-4a5b-afc3-e65ace81c994',
    cfbs: [key('SGGCDRvrzmRa2WTNFQPUaC1OsnAhQgPgcQETEfbY8abEjR/ICXK0p+Rayw5tHCGyiUA=')],
  },
  {
    market: 'in',
    brand: 'hyundai',
    serviceId: 'e5b3f6d0-7f83-43c9-aff3-a254db7af368',
    secret: '5JFOCr6C24OfOzlDqZp7EwqrkL0Ww04UaxcDiE6Ud3qI5SE4',
    appId: '5a27df80-4ca1-4154-8c09-6f4029d91cf7',
    cfbs: [key('RFtoRq/vDXJmRndoZaZQyfOot7OrIqGVFj96iY2WL3yyH5Z/pUvlUhqmCxD2t+D65SQ=')],
  },
  {
    market: 'in',
    brand: 'kia',
    serviceId: 'd0fe4855-7527-4be0-ab6e-a481216c705d',
    secret: 'SHoTtXpyfbYmP3XjNA6BrtlDglypPWj920PtKBJPfleHEYpU',
    appId: '00000000-69cd-4660-b75d-277ae15379dd',
    cfbs: [key('pdfn/jCrrEcxH6Jnak/1O/DaD+HjVh0P6z/BHWNoUKQtT0aLcYwer8BxQOoiHXSyMtBV')],
  },
];

export const VARIANT_MARKETS: VariantMarket[] = ['au', 'nz', 'in'];

/** Per market: the cars' wall-clock zone and the legacy temperature table. */
export const MARKET_STYLE: Record<CcspMarket, { zone: string; temps: TempTable }> = {
  eu: { zone: 'Europe/Berlin', temps: { lowest: 14, steps: 32 } },
  au: { zone: 'Australia/Sydney', temps: { lowest: 17, steps: 20 } },
  nz: { zone: 'Australia/Sydney', temps: { lowest: 17, steps: 20 } },
  in: { zone: 'Asia/Kolkata', temps: { lowest: 14, steps: 32 } },
};

export function tenantByServiceId(serviceId: string | undefined): VariantTenant | undefined {
  return serviceId ? VARIANT_TENANTS.find((t) => t.serviceId === serviceId) : undefined;
}

/** The Basic client credentials of a token call: the tenant, and whether its secret was right. */
export function basicClient(ctx: RouteContext): { tenant?: VariantTenant; secretOk: boolean; clientId?: string } {
  const value = header(ctx, 'authorization');
  const match = value ? /^Basic\s+(\S+)$/i.exec(value) : null;
  if (!match) return { secretOk: false };
  const [clientId, secret] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
  const tenant = tenantByServiceId(clientId);
  return { tenant, secretOk: tenant !== undefined && tenant.secret === secret, clientId };
}

/**
 * The market a request addresses: by service id header, Basic client id, `client_id`, or the
 * sign-in session cookie set by the authorize page; nothing of these = Europe.
 */
export function marketOf(ctx: RouteContext): CcspMarket {
  const cookie = /(?:^|;\s*)ccsp-client=([^;]+)/.exec(header(ctx, 'cookie') ?? '')?.[1];
  const candidates = [
    header(ctx, 'ccsp-service-id'),
    basicClient(ctx).clientId,
    ctx.query.get('client_id') ?? undefined,
    typeof ctx.body.client_id === 'string' ? ctx.body.client_id : undefined,
    cookie ? decodeURIComponent(cookie) : undefined,
  ];
  for (const id of candidates) {
    const tenant = tenantByServiceId(id);
    if (tenant) return tenant.market;
  }
  return 'eu';
}
