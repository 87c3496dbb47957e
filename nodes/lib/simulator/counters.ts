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
  /** Kia USA: sessions opened, and how (a code, a remembered device), codes sent and checked. */
  kiaUs: KiaUsCounts;
}

export interface KiaUsCounts {
  /** `prof/authUser` calls with a password (each one is a sign-in attempt). */
  authUser: number;
  /** Sessions opened (a sign-in that ended with a `sid`). */
  signIns: number;
  /** Sessions opened with a remembered device's rmtoken, no code. */
  rememberedSignIns: number;
  /** Sign-ins answered with an otpKey (a code is needed). */
  otpRequests: number;
  otpSent: number;
  otpVerified: number;
  otpRejected: number;
  /** Calls answered 1003 (session invalid or expired). */
  sessionExpired: number;
}

const emptyTokenCalls = (): TokenCallCounts => ({ password: 0, refresh: 0, code: 0, control: 0 });

export function emptyCounters(): SimulatorCounters {
  return {
    tokenCalls: emptyTokenCalls(),
    cci: { authorize: 0, signin: 0, code: 0, refresh: 0, exchange: 0, firewallBlocks: 0 },
    tokenCallsByRegion: {
      eu: emptyTokenCalls(),
      us: emptyTokenCalls(),
      au: emptyTokenCalls(),
      nz: emptyTokenCalls(),
      in: emptyTokenCalls(),
    },
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
    kiaUs: { authUser: 0, signIns: 0, rememberedSignIns: 0, otpRequests: 0, otpSent: 0, otpVerified: 0, otpRejected: 0, sessionExpired: 0 },
  };
}

export function countTokenCall(counters: SimulatorCounters, region: Region, grant: keyof TokenCallCounts): void {
  counters.tokenCalls[grant] += 1;
  counters.tokenCallsByRegion[region][grant] += 1;
}

export function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}
