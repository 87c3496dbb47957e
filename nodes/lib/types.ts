// The public types of the library (docs/contract.md §3 and §7). Every layer imports its shapes from
// here, so a name in the contract has exactly one definition.

export type Region = 'eu' | 'us' | 'ca' | 'au' | 'nz' | 'in' | 'demo';
export type Brand = 'hyundai' | 'kia' | 'genesis';
export type AuthMode = 'password' | 'refreshToken';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a cloud's token endpoint gave us. Extra fields (EU device id, token type, ...) ride along. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds; set by the session when it receives the set. */
  issuedAt?: number;
  [key: string]: unknown;
}

/** How one cloud logs in and refreshes. The session knows nothing else about the cloud. */
export interface AuthStrategy {
  /** Full login. Throws a VehicleError `AUTH_FAILED` when the credentials are rejected. */
  login(): Promise<TokenSet>;
  /** Refresh grant. May rotate the refresh token. Throws `AUTH_FAILED` when the refresh token is rejected. */
  refresh(current: TokenSet): Promise<TokenSet>;
  /** True when `login()` can work without the user (a password is known). Default: true. */
  readonly canLogin?: boolean;
  /** A stable, non-secret key for the cloud identity (region + brand + user); used by the token store. */
  readonly identity?: string;
  /**
   * The token set the configuration itself provides, if any: e.g. EU `refreshToken` mode returns the
   * pasted refresh token with an empty `accessToken` and `expiresAt` 0, so the session refreshes
   * instead of logging in. Null or absent: start from a stored set or a login.
   */
  initial?(): TokenSet | null;
  /**
   * A non-secret hash of the configured credential (e.g. of the pasted refresh token). A stored token
   * set is only used when it was saved under the same fingerprint, so a newly pasted refresh token
   * wins over the stored, rotated chain of an old one.
   */
  readonly seedFingerprint?: string;
}

export type SessionState = 'idle' | 'ready' | 'refreshing' | 'otp-required' | 'reauth-required' | 'error';
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface TokenStatus {
  state: SessionState;
  hasToken: boolean;
  hasRefreshToken: boolean;
  expiresAt: string | null;
  isExpired: boolean;
  secondsUntilExpiry: number | null;
  lastRefreshAt: string | null;
  refreshCount: number;
  refreshFailures: number;
  retriesAfterExpiry: number;
  circuit: CircuitState;
  lastError: { code: string; message: string } | null;
  stats: { refreshMs: { p50: number | null; p95: number | null; p99: number | null }; refreshSuccessRate: number | null };
  /**
   * Calls that reached the car today (forced reads and commands), the day's budget, and the next reset
   * (ISO). Always set by an Account; a bare TokenManager has no budget.
   */
  budget?: { used: number; limit: number; resetsAt: string };
}

export type VehicleType = 'EV' | 'PHEV' | 'HEV' | 'ICE';

export interface VehicleInfo {
  id: string;
  vin: string;
  name: string;
  model: string;
  type: VehicleType;
  /** Which protocol the account speaks to this car with, e.g. `eu`, `eu-ccs2`, `us-hyundai`. */
  protocol: string;
}

type Open = boolean | null;

export interface VehicleState {
  updatedAt: string | null;
  locked: boolean | null;
  engineOn: boolean | null;
  doors: { frontLeft: Open; frontRight: Open; rearLeft: Open; rearRight: Open; trunk: Open; hood: Open };
  windows: { frontLeft: Open; frontRight: Open; rearLeft: Open; rearRight: Open };
  climate: {
    on: boolean | null;
    temperature: number | null;
    unit: 'C' | 'F' | null;
    defrost: boolean | null;
    steeringWheelHeat: boolean | null;
    rearWindowHeat: boolean | null;
  };
  ev: {
    soc: number | null;
    charging: boolean | null;
    pluggedIn: boolean | null;
    chargePortOpen: boolean | null;
    chargingPowerKw: number | null;
    minutesToFull: number | null;
    targetSoc: { ac: number | null; dc: number | null };
    chargingCurrent: 100 | 90 | 60 | null;
  } | null;
  range: { value: number; unit: 'km' | 'mi' } | null;
  fuel: { level: number | null; low: boolean | null } | null;
  odometer: { value: number; unit: 'km' | 'mi' } | null;
  location: { lat: number; lon: number; updatedAt: string | null } | null;
  battery12v: { soc: number | null } | null;
  tires: { lowPressure: boolean | null };
}

export type StatusSource = 'eu' | 'eu-ccs2' | 'us-hyundai' | 'us-kia' | 'ca' | 'au' | 'in';

export interface CommandOptions {
  /** Wait for the car to confirm (default true). */
  confirm?: boolean;
  confirmTimeoutSeconds?: number;
}

export interface ClimateOptions {
  temperature?: number;
  defrost?: boolean;
  heating?: boolean;
  durationMinutes?: number;
}

export interface StatusResult {
  vehicle: VehicleInfo;
  state: VehicleState;
  stale: boolean;
  source: 'cached' | 'force';
  /** Set when a forced read was refused (the name of the option that refused it); `state` is then the cached one. */
  refused?: string;
}

export interface CommandResult {
  vehicle: VehicleInfo;
  command: string;
  actionId: string | null;
  result: 'success' | 'unconfirmed' | 'sent';
  durationMs: number;
}

export interface ActionResult {
  actionId: string;
  result: 'pending' | 'success' | 'failed' | 'timeout' | 'unknown';
}
