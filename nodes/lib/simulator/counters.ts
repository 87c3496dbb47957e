// What the simulator counts, so that tests can assert how the clients treat the cloud.
import type { Region } from './tokens';

export interface TokenCallCounts {
  /** Credential checks: EU sign-in (ccapi or identity server), US login. */
  password: number;
  /** Refresh grants, on every token endpoint. */
  refresh: number;
  /** Authorization-code exchanges (the second half of an EU password login). */
  code: number;
  /** EU PIN → control token. */
  control: number;
}

/** The EU OneApp / CCI sign-in, step by step (cloud-protocol.md 1.5 D). */
export interface CciCallCounts {
  /** `authorize` answered with a sign-in session (cookies). */
  authorize: number;
  /** Sign-in forms that reached the password check with a OneApp client id. */
  signin: number;
  /** `auth/token?code=` answered with a CCI token set. */
  code: number;
  /** `auth/token-refresh` calls, answered or refused. */
  refresh: number;
  /** `auth/token-exchange` answered with a CCS token. */
  exchange: number;
  /** Answers of the simulated firewall (`control.blockSignIn`). */
  firewallBlocks: number;
}

export interface SimulatorCounters {
  tokenCalls: TokenCallCounts;
  cci: CciCallCounts;
  tokenCallsByRegion: Record<Region, TokenCallCounts>;
  /** Per route, keyed `METHOD /path/template` (the `:ver` of EU paths filled in: v1 or v2). */
  apiCalls: Record<string, number>;
  /** Commands the cloud accepted. */
  commands: number;
  commandsByName: Record<string, number>;
  /** Spent refresh tokens presented again. */
  reuseDetections: number;
  /** Commands rejected because another was in flight (EU 4004). */
  busyRejections: number;
  forceRefreshes: number;
  /** Requests answered "token expired". */
  expiredRejections: number;
  /** Refresh tokens rejected because they were revoked or unknown (not reuse). */
  refreshRejections: number;
  quotaRejections: number;
  deviceRegistrations: number;
  deviceIdRejections: number;
  /** Requests answered by an injected `failNext` fault. */
  injectedFailures: number;
}

const emptyTokenCalls = (): TokenCallCounts => ({ password: 0, refresh: 0, code: 0, control: 0 });

export function emptyCounters(): SimulatorCounters {
  return {
    tokenCalls: emptyTokenCalls(),
    cci: { authorize: 0, signin: 0, code: 0, refresh: 0, exchange: 0, firewallBlocks: 0 },
    tokenCallsByRegion: { eu: emptyTokenCalls(), us: emptyTokenCalls(), au: emptyTokenCalls(), nz: emptyTokenCalls(), in: emptyTokenCalls() },
    apiCalls: {},
    commands: 0,
    commandsByName: {},
    reuseDetections: 0,
    busyRejections: 0,
    forceRefreshes: 0,
    expiredRejections: 0,
    refreshRejections: 0,
    quotaRejections: 0,
    deviceRegistrations: 0,
    deviceIdRejections: 0,
    injectedFailures: 0,
  };
}

export function countTokenCall(counters: SimulatorCounters, region: Region, grant: keyof TokenCallCounts): void {
  counters.tokenCalls[grant] += 1;
  counters.tokenCallsByRegion[region][grant] += 1;
}

export function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}
