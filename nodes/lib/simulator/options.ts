// What a caller can choose when starting the simulator, and the defaults. Defaults follow the real
// clouds (research/cloud-protocol.md 1.5, 2.2); the `demo` preset shortens everything so that a user
// of the demo region watches the session refresh within minutes.

/** The simulated cars, each built on a real payload from the shared fixtures (see data/NOTICE.md). */
export type CarKind = 'eu-legacy-ev' | 'eu-ccs2-ev' | 'eu-ccs2-phev' | 'us-ev' | 'us-kia-ev' | 'ca-ev';

/** Token lifetimes in seconds. A refresh-token lifetime of 0 means it never expires by time. */
export interface TokenLifetimes {
  /** EU access token of the identity-server grants (refresh-token mode, classic and headless logins). */
  euAccess: number;
  /** OneApp / CCI access token (`expiresIn`, real 3599) and CCI refresh token (0 = no time limit). */
  euCciAccess: number;
  euCciRefresh: number;
  /** The CCS token the CCI token is exchanged for (`expiresTime`, real 86400); the SPA API takes it. */
  euCcs: number;
  euControl: number;
  euRefresh: number;
  usAccess: number;
  usRefresh: number;
  /** AU and NZ access tokens (6 h on the real cloud). */
  auAccess: number;
  /** India access tokens (unrecorded on the real cloud; 24 h here). */
  inAccess: number;
  /** Canada's access token (24 h; there is no refresh token to speak of). */
  caAccess: number;
}

/** How a car that cannot be reached shows itself: EU 4081 / 9999 answers, or commands that end `non-response`. */
export type UnreachableMode = '4081' | '9999' | 'non-response';

export interface SimulatorOptions {
  /** TCP port on 127.0.0.1; default 0 (an ephemeral port). */
  port?: number;
  /** `demo`: short token lifetimes and delays for the demo region. Explicit options still win. */
  preset?: 'default' | 'demo';
  /** Cars of the EU account; default one legacy EV, so that "the only vehicle" works. */
  euCars?: CarKind[];
  /** Cars of the US account; default one EV. */
  usCars?: CarKind[];
  /** Cars of each of the AU, NZ and India accounts; default one legacy EV. */
  variantCars?: CarKind[];
  /** Cars of the Canadian account; default one EV. */
  caCars?: CarKind[];
  /** Cars of the Kia USA account; default one EV (`us-kia-ev`). */
  usKiaCars?: CarKind[];
  /**
   * Where the simulated Kia USA and Canadian clouds "sends" its one-time codes: a line per code (default: standard
   * output; false: nowhere). The codes are `credentials.usKia.otp` and `credentials.ca.otp`.
   */
  otpLog?: ((line: string) => void) | false;
  tokenLifetimes?: Partial<TokenLifetimes>;
  /** Strict refresh-token rotation per region (a spent refresh token is rejected); default true on both. */
  rotateRefreshTokens?: { eu?: boolean; us?: boolean };
  /** Time a command takes to reach the car and report back; default 3000 ms. */
  commandDelayMs?: number;
  /** Time an asynchronous CCS2 force refresh takes to update the cached snapshot; default 20000 ms. */
  forceDelayMs?: number;
  /** Added before every answer; default 0. */
  latencyMs?: number;
  /** Force refreshes plus commands allowed per account and day (UTC); default EU 200, US 30. */
  dailyQuota?: { eu?: number; us?: number };
  /** 12 V state of charge lost per force refresh, in percent; default 1. */
  battery12vDropPerForce?: number;
  /** When a command succeeds, the car reports back and the cached snapshot is refreshed; default true. */
  snapshotOnCommand?: boolean;
  /** Reject requests without a `Stamp` header (a wrong stamp is always rejected); default false. */
  strictStamp?: boolean;
  /**
   * India: answer 401 / 4017 "Invalid Application Id" to a vehicle-API call that carries a Stamp, as
   * seen when a client reused the AU header set (more-regions.md 3.1, uncertain); default false.
   */
  indiaRefusesSpaStamp?: boolean;
  /** Send `X-RateLimit-Limit/Remaining/Reset` (the EU quota) on EU vehicle routes; default false. */
  rateLimitHeaders?: boolean;
  /** Injected clock, so that tests with fake timers drive every delay. Defaults: the real ones. */
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

export interface ResolvedOptions {
  port: number;
  euCars: CarKind[];
  usCars: CarKind[];
  variantCars: CarKind[];
  caCars: CarKind[];
  usKiaCars: CarKind[];
  otpLog: (line: string) => void;
  /** Kia USA gives a remember-me token with a verified code (a later sign-in on that device needs none). */
  kiaRememberMe: boolean;
  tokenLifetimes: TokenLifetimes;
  rotate: { eu: boolean; us: boolean };
  commandDelayMs: number;
  forceDelayMs: number;
  latencyMs: number;
  dailyQuota: { eu: number; us: number };
  battery12vDropPerForce: number;
  snapshotOnCommand: boolean;
  strictStamp: boolean;
  indiaRefusesSpaStamp: boolean;
  rateLimitHeaders: boolean;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const DEFAULT_LIFETIMES: TokenLifetimes = {
  euAccess: 3600,
  euCciAccess: 3599,
  euCciRefresh: 0,
  euCcs: 86400,
  euControl: 600,
  euRefresh: 0,
  usAccess: 1799,
  usRefresh: 0,
  auAccess: 21600,
  inAccess: 86400,
  caAccess: 86400,
};
const DEMO_LIFETIMES: TokenLifetimes = {
  euAccess: 180,
  euCciAccess: 180,
  euCciRefresh: 0,
  euCcs: 180,
  euControl: 120,
  euRefresh: 0,
  usAccess: 180,
  usRefresh: 0,
  auAccess: 180,
  inAccess: 180,
  caAccess: 180,
};

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const demo = options.preset === 'demo';
  return {
    port: options.port ?? 0,
    euCars: options.euCars ?? ['eu-legacy-ev'],
    usCars: options.usCars ?? ['us-ev'],
    variantCars: options.variantCars ?? ['eu-legacy-ev'],
    caCars: options.caCars ?? ['ca-ev'],
    usKiaCars: options.usKiaCars ?? ['us-kia-ev'],
    otpLog: options.otpLog === false ? () => undefined : (options.otpLog ?? ((line) => void process.stdout.write(`${line}\n`))),
    kiaRememberMe: true,
    tokenLifetimes: { ...(demo ? DEMO_LIFETIMES : DEFAULT_LIFETIMES), ...options.tokenLifetimes },
    rotate: { eu: options.rotateRefreshTokens?.eu ?? true, us: options.rotateRefreshTokens?.us ?? true },
    commandDelayMs: options.commandDelayMs ?? (demo ? 2000 : 3000),
    forceDelayMs: options.forceDelayMs ?? (demo ? 5000 : 20000),
    latencyMs: options.latencyMs ?? 0,
    dailyQuota: { eu: options.dailyQuota?.eu ?? 200, us: options.dailyQuota?.us ?? 30 },
    battery12vDropPerForce: options.battery12vDropPerForce ?? 1,
    snapshotOnCommand: options.snapshotOnCommand ?? true,
    strictStamp: options.strictStamp ?? false,
    indiaRefusesSpaStamp: options.indiaRefusesSpaStamp ?? false,
    rateLimitHeaders: options.rateLimitHeaders ?? false,
  };
}

export function resolveClock(options: SimulatorOptions = {}): Clock {
  return {
    now: options.now ?? (() => Date.now()),
    setTimeout: options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms)),
    clearTimeout: options.clearTimeout ?? ((handle) => clearTimeout(handle as NodeJS.Timeout)),
  };
}
