// EU CCSP constants per brand (cloud-protocol.md 1.1). Public app constants, not user secrets.
import type { Brand } from '../../types';

/** What every CCSP cloud (EU, AU/NZ, India) needs to address a brand's API. */
export interface CcspBrand {
  apiBase: string;
  idpBase: string;
  serviceId: string;
  serviceSecret: string;
  appId: string;
  /** Stamp key (base64), XORed with "{appId}:{ms}" (cloud-protocol.md 1.2). */
  cfb: string;
  pushType: 'APNS' | 'GCM';
  /** The Stamp's time in seconds instead of milliseconds (AU/NZ/IN apps; more-regions.md 2). */
  stampSeconds?: boolean;
  /** false: SPA calls go without Stamp and Ccuccs2protocolsupport (India, more-regions.md 3.1). */
  spaStamp?: boolean;
}

/** The EU cloud's brands: the CCSP constants plus the OneApp registration of the password sign-in. */
export interface EuBrand extends CcspBrand {
  /** The OneApp registration the password sign-in uses (cloud-protocol.md 1.5 D, corrections). */
  oneApp: OneApp;
}

export interface OneApp {
  clientId: string;
  redirectUri: string;
  /** The CCI API host: code → CCI tokens, token-exchange, token-refresh. */
  cciBase: string;
  /** Sent as `client-id` on CCI calls. */
  packageId: string;
  clientName: string;
  osVersion: string;
  notificationProvider: string;
}

export const EU_BRANDS: Record<Brand, EuBrand> = {
  kia: {
    apiBase: 'https://prd.eu-ccapi.kia.com:8080',
    idpBase: 'https://idpconnect-eu.kia.com',
    serviceId: 'fdc85c00-0a2f-4c64-bcb4-2cfb1500730a',
    serviceSecret: 'secret',
    appId: 'a2b8469b-30a3-4361-8e13-6fceea8fbe74',
    cfb: 'wLTVxwidmH8CfJYBWSnHD6E0huk0ozdiuygB4hLkM5XCgzAL1Dk5sE36d/bx5PFMbZs=',
    pushType: 'APNS',
    oneApp: {
      clientId: '01b36c86-79e8-486c-8009-15f2ad88d670',
      redirectUri: 'https://oneapp.kia.com/redirect',
      cciBase: 'https://cci-api-eu.kia.com',
      packageId: 'com.kia.oneapp.eu',
      clientName: 'kia',
      osVersion: '27',
      notificationProvider: 'IOS_APPSTORE',
    },
  },
  hyundai: {
    apiBase: 'https://prd.eu-ccapi.hyundai.com:8080',
    idpBase: 'https://idpconnect-eu.hyundai.com',
    serviceId: '6d477c38-3ca4-4cf3-9557-2a1929a94654',
    serviceSecret: 'KUy49XxPzLpLuoK0xhBC77W6VXhmtQR9iQhmIFjjoY4IpxsV',
    appId: '014d2225-8495-4735-812d-2616334fd15d',
    cfb: 'RFtoRq/vDXJmRndoZaZQyfOot7OrIqGVFj96iY2WL3yyH5Z/pUvlUhqmCxD2t+D65SQ=',
    pushType: 'GCM',
    oneApp: {
      clientId: '4f4953b5-02e1-4dbc-8599-87e983ee1be5',
      redirectUri: 'https://oneapp.hyundai.com/redirect',
      cciBase: 'https://cci-api-eu.hyundai.com',
      packageId: 'com.hyundai.oneapp.eu',
      clientName: 'hyundai',
      osVersion: '18.7',
      notificationProvider: 'APNS',
    },
  },
  genesis: {
    apiBase: 'https://prd-eu-ccapi.genesis.com',
    idpBase: 'https://idpconnect-eu.genesis.com',
    serviceId: '3020afa2-30ff-412a-aa51-d28fbe901e10',
    serviceSecret: 'FKDdlef2ffdleFEweELFKERiLER2FED21sDdwdgQz6hFESE3',
    appId: 'f11f2b86-e0e7-4851-90df-5600b01d8b70',
    cfb: 'RFtoRq/vDXJmRndoZaZQyYo3/qFLtVReW8P7utRPcc0ZxOzOELm9mexvviBk/qqIp4A=',
    pushType: 'GCM',
    oneApp: {
      clientId: '50e3b8b0-ced5-43b7-8a42-f86ac92fe50e',
      redirectUri: 'https://oneapp.genesis.com/redirect',
      cciBase: 'https://cci-api-eu.genesis.com',
      packageId: 'com.genesis.oneapp.eu',
      clientName: 'genesis',
      osVersion: '18.7',
      notificationProvider: 'APNS',
    },
  },
};

/** The Stamp header: base64(CFB XOR utf8("{appId}:{epoch ms}")); both are 50 bytes (47 with seconds). */
export function makeStamp(brand: CcspBrand, nowMs: number): string {
  const key = Buffer.from(brand.cfb, 'base64');
  const time = brand.stampSeconds ? Math.floor(nowMs / 1000) : nowMs;
  const plain = Buffer.from(`${brand.appId}:${time}`, 'utf8');
  const out = Buffer.alloc(Math.min(key.length, plain.length));
  for (let i = 0; i < out.length; i++) out[i] = key[i] ^ plain[i];
  return out.toString('base64');
}
