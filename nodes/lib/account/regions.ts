// The region table: one row per region says which brands and sign-in modes it has and how its cloud
// client is built. The option checks, createAccount and the account dialog all read this table, so
// adding a region is adding a row (and its client under clouds/).
import { CaClient } from '../clouds/ca/client';
import { CcspAuthStrategy } from '../clouds/ccsp/auth';
import { CCSP_BRANDS, ccspTenant, type CcspRegion } from '../clouds/ccsp/tenants';
import { createHttp, type Http } from '../clouds/http';
import { EuClient } from '../clouds/eu/client';
import { UsClient } from '../clouds/us/client';
import { KiaUsClient } from '../clouds/us-kia/client';
import type { CloudClient } from '../clouds/types';
import { VehicleError } from '../errors';
import type { AuthMode, Brand, Region } from '../types';
import { tapHeaders } from '../protect/rate-headers';
import type { AccountOptions } from './options';
import type { SessionParts } from './sessions';
import type { OtpGate } from './otp-gate';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a row's client is built with. */
export interface ClientDeps {
  now: () => number;
  /** The session's one-time-code gate, for clouds that ask for a code (Kia USA, Canada). */
  otp: OtpGate;
  /** The client's HTTP instance (the session reads the cloud's rate-limit headers from it). */
  http: Http;
}

/** A cloud the account reaches over the network: one client per account options. */
interface CloudRow {
  brands: readonly Brand[];
  /** The first one is the default. */
  authModes: readonly AuthMode[];
  /** Throws CONFIG_INVALID for what the cloud cannot serve. */
  client(o: AccountOptions, deps: ClientDeps): CloudClient;
  inProcess?: undefined;
}

/** A cloud started inside this process (the demo): no credentials, nothing persisted, one per process. */
interface InProcessRow {
  brands: readonly Brand[];
  authModes: readonly AuthMode[];
  inProcess(now: () => number): Promise<SessionParts>;
  /** How often a confirmed command asks for its result, in seconds (else the account's default). */
  confirmPollSeconds: number;
  client?: undefined;
}

export type RegionRow = CloudRow | InProcessRow;

function euClient(o: AccountOptions, { now, http }: ClientDeps): CloudClient {
  return new EuClient({
    http,
    brand: o.brand,
    authMode: o.authMode ?? 'password',
    apiBaseUrl: o.apiBaseUrl,
    credentials: o.credentials,
    now,
    sleep,
  });
}

/** Australia, New Zealand, India: the EU client with the variant's constants and sign-in. */
function ccspClient(region: CcspRegion) {
  return (o: AccountOptions, { now, http }: ClientDeps): CloudClient => {
    const tenant = ccspTenant(region, o.brand);
    if (!tenant) throw new VehicleError('CONFIG_INVALID', `region "${region}" serves ${CCSP_BRANDS[region].join(', ')} only`);
    const apiBase = o.apiBaseUrl ?? tenant.apiBase;
    const strategy = new CcspAuthStrategy({
      http,
      tenant,
      brandName: o.brand,
      apiBase,
      username: o.credentials.username,
      password: o.credentials.password,
      now,
    });
    return new EuClient({
      http,
      brand: o.brand,
      authMode: 'password',
      apiBaseUrl: o.apiBaseUrl,
      credentials: o.credentials,
      now,
      sleep,
      // The tenant row carries the variant's differences (source, dialect, climate, lacks, odometer path).
      variant: { ...tenant, constants: tenant, strategy },
    });
  };
}

/** The demo: a simulated EU cloud in this process, with tokens that expire every few minutes. */
async function demoCloud(now: () => number): Promise<SessionParts> {
  // Loaded here, not at the top: only the demo needs the simulator (a third of the package's files).
  // require, not import(): a dynamic import() stays an ES import under TypeScript test runners.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSimulator } = require('../simulator') as typeof import('../simulator');
  const sim = await startSimulator({ preset: 'demo' });
  const { http, tap: headers } = tapHeaders(createHttp());
  const client = new EuClient({
    http,
    brand: 'kia',
    authMode: 'refreshToken',
    apiBaseUrl: sim.url,
    credentials: { refreshToken: sim.credentials.eu.refreshToken, pin: sim.credentials.eu.pin },
    now,
    sleep,
    forcePollMs: 1_000,
  });
  return { client, headers, dispose: () => sim.close() };
}

export const REGIONS: Record<Region, RegionRow> = {
  eu: { brands: ['hyundai', 'kia', 'genesis'], authModes: ['password', 'refreshToken'], client: euClient },
  us: {
    brands: ['hyundai', 'kia', 'genesis'],
    authModes: ['password'],
    // Kia USA is a cloud of its own (sign-in with a one-time code, session id); Hyundai and Genesis share Blue Link.
    client: (o, { now, otp, http }) =>
      o.brand === 'kia'
        ? new KiaUsClient({ http, apiBaseUrl: o.apiBaseUrl, credentials: o.credentials, otp: () => otp.prompt(), logger: o.logger, now })
        : new UsClient({ http, brand: o.brand, apiBaseUrl: o.apiBaseUrl, credentials: o.credentials, now }),
  },
  ca: {
    brands: ['hyundai', 'kia', 'genesis'],
    authModes: ['password'],
    client: (o, { now, otp, http }) =>
      new CaClient({ http, brand: o.brand, apiBaseUrl: o.apiBaseUrl, credentials: o.credentials, otp: () => otp.prompt(), now }),
  },
  au: { brands: CCSP_BRANDS.au, authModes: ['password'], client: ccspClient('au') },
  nz: { brands: CCSP_BRANDS.nz, authModes: ['password'], client: ccspClient('nz') },
  in: { brands: CCSP_BRANDS.in, authModes: ['password'], client: ccspClient('in') },
  // The demo's car is a Kia; any brand a dialog saved is accepted and ignored.
  demo: { brands: ['hyundai', 'kia', 'genesis'], authModes: ['refreshToken'], inProcess: demoCloud, confirmPollSeconds: 1 },
};

export const REGION_NAMES = Object.keys(REGIONS) as Region[];

export function regionRow(region: unknown): RegionRow | undefined {
  return typeof region === 'string' && Object.prototype.hasOwnProperty.call(REGIONS, region) ? REGIONS[region as Region] : undefined;
}

/** What the account dialog needs to offer per region: JSON, no functions. */
export function regionChoices(): Record<string, { brands: Brand[]; authModes: AuthMode[]; needsCredentials: boolean }> {
  return Object.fromEntries(
    REGION_NAMES.map((name) => {
      const row = REGIONS[name];
      return [name, { brands: [...row.brands], authModes: [...row.authModes], needsCredentials: !row.inProcess }];
    }),
  );
}
