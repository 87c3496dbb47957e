// The CCSP variants outside Europe (more-regions.md 2 and 3): Australia, New Zealand and India speak
// the EU legacy stack with their own hosts, app constants and a few differences, all listed here.
// Public app constants, not user secrets.
import type { Brand } from '../../types';
import type { CcspBrand } from '../eu/brands';
import type { CommandDialect } from '../eu/commands';
import type { CommandKind } from '../types';

export type CcspRegion = 'au' | 'nz' | 'in';

export interface CcspTenant extends CcspBrand {
  region: CcspRegion;
  /** The normalizeStatus source of the flat legacy status (its wall-clock zone). */
  source: 'au' | 'in';
  dialect: CommandDialect;
  climate: { min: number; max: number; step: number; unit: 'C'; default: number };
  /** The authorize call's extra query (AU/NZ `lang=en`; India none, more-regions.md 3.2). */
  authorizeQuery: Record<string, string>;
  /** Commands the cloud does not offer, with the reason the caller sees. */
  lacks: Partial<Record<CommandKind, string>>;
  /** Where the odometer is when the status has none (India: the maintenance alert settings). */
  odometerPath?: string;
}

// AU/NZ: HKC after d6b1d4b; seconds stamps; RHD cars; 17–26.5 °C (more-regions.md 2.1, 2.5).
const AU_NZ = {
  pushType: 'GCM' as const,
  stampSeconds: true,
  source: 'au' as const,
  dialect: { tempBase: 17, drvSeatLoc: 'R', legacyClimate: 'temperature', portDoorDeviceId: true } satisfies CommandDialect,
  climate: { min: 17, max: 26.5, step: 0.5, unit: 'C' as const, default: 21 },
  authorizeQuery: { lang: 'en' },
  lacks: { setChargingCurrent: 'The Australian / New Zealand cloud has no charging-current command for this car' },
};

// India: no Stamp or CCS2 header on SPA calls (a Stamp there gave 4017); EU temperature table;
// climate via control/engine; no window command (more-regions.md 3.1, 3.4).
const INDIA = {
  stampSeconds: true,
  spaStamp: false,
  source: 'in' as const,
  dialect: { tempBase: 14, drvSeatLoc: 'R', legacyClimate: 'engine', portDoorDeviceId: 'deviceID' } satisfies CommandDialect,
  climate: { min: 14, max: 29.5, step: 0.5, unit: 'C' as const, default: 21 },
  authorizeQuery: { state: 'test' },
  odometerPath: 'setting/alert/maintenance',
  lacks: {
    setWindows: 'The Indian cloud has no window command',
    setChargingCurrent: 'The Indian cloud has no charging-current command',
  },
};

const TENANTS: Record<CcspRegion, Partial<Record<Brand, CcspTenant>>> = {
  au: {
    kia: {
      ...AU_NZ,
      region: 'au',
      apiBase: 'https://au-apigw.ccs.kia.com.au:8082',
      idpBase: 'https://au-apigw.ccs.kia.com.au:8082',
      serviceId: '8acb778a-b918-4a8d-8624-73a0beb64289',
      serviceSecret: '7ScMMm6fEYXdiEPCxaPaQmgeYdlUrfwoh4AfXGOzYIS2Cu9T',
      appId: '4ad4dcde-be23-48a8-bc1c-91b94f5c06f8',
      cfb: 'SGGCDRvrzmRa2WTNFQPUaNfSFdtPklZ48xUuVckigYasxmeOQqVgCAC++YNrI1vVabI=',
    },
    hyundai: {
      ...AU_NZ,
      region: 'au',
      apiBase: 'https://au-apigw.ccs.hyundai.com.au:8080',
      idpBase: 'https://au-apigw.ccs.hyundai.com.au:8080',
      serviceId: '855c72df-dfd7-4230-ab03-67cbf902bb1c',
      serviceSecret: 'e6fbwHM32YNbhQl0pviaPp3rf4t3S6k91eceA3MJLdbdThCO',
      appId: 'f9ccfdac-a48d-4c57-bd32-9116963c24ed',
      cfb: 'nGDHng3k4Cg9gWV+C+A6Yk/ecDopUNTkGmDpr2qVKAQXx9bvY2/YLoHPfObliK32mZQ=',
    },
  },
  // Kia NZ shares the Kia AU host and differs by service id; there is no Hyundai NZ cloud client anywhere.
  nz: {
    kia: {
      ...AU_NZ,
      region: 'nz',
      apiBase: 'https://au-apigw.ccs.kia.com.au:8082',
      idpBase: 'https://au-apigw.ccs.kia.com.au:8082',
      serviceId: '4ab606a7-cea4-48a0-a216-ed9c14a4a38c',
      serviceSecret: '0haFqXTkKktNKfzkxhZ0aku31i74g0yQFm5od2mz4LdI5mLY',
      appId: '97745337-cac6-4a5b-afc3-e65ace81c994',
      cfb: 'SGGCDRvrzmRa2WTNFQPUaC1OsnAhQgPgcQETEfbY8abEjR/ICXK0p+Rayw5tHCGyiUA=',
    },
  },
  in: {
    hyundai: {
      ...INDIA,
      region: 'in',
      pushType: 'GCM',
      apiBase: 'https://prd.in-ccapi.hyundai.connected-car.io:8080',
      idpBase: 'https://prd.in-ccapi.hyundai.connected-car.io:8080',
      serviceId: 'e5b3f6d0-7f83-43c9-aff3-a254db7af368',
      serviceSecret: '5JFOCr6C24OfOzlDqZp7EwqrkL0Ww04UaxcDiE6Ud3qI5SE4',
      appId: '5a27df80-4ca1-4154-8c09-6f4029d91cf7',
      cfb: 'RFtoRq/vDXJmRndoZaZQyfOot7OrIqGVFj96iY2WL3yyH5Z/pUvlUhqmCxD2t+D65SQ=',
    },
    kia: {
      ...INDIA,
      region: 'in',
      pushType: 'APNS',
      apiBase: 'https://prd.in-ccapi.kia.connected-car.io:8080',
      idpBase: 'https://prd.in-ccapi.kia.connected-car.io:8080',
      serviceId: 'd0fe4855-7527-4be0-ab6e-a481216c705d',
      serviceSecret: 'SHoTtXpyfbYmP3XjNA6BrtlDglypPWj920PtKBJPfleHEYpU',
      appId: '00000000-69cd-4660-b75d-277ae15379dd',
      cfb: 'pdfn/jCrrEcxH6Jnak/1O/DaD+HjVh0P6z/BHWNoUKQtT0aLcYwer8BxQOoiHXSyMtBV',
    },
  },
};

/** The brands each variant serves: the region table lists these. */
export const CCSP_BRANDS: Record<CcspRegion, Brand[]> = {
  au: Object.keys(TENANTS.au) as Brand[],
  nz: Object.keys(TENANTS.nz) as Brand[],
  in: Object.keys(TENANTS.in) as Brand[],
};

export function ccspTenant(region: CcspRegion, brand: Brand): CcspTenant | undefined {
  return TENANTS[region][brand];
}
