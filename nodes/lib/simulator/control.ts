// The test handle on the simulated clouds: inject every fault of cloud-protocol.md 7.5, read the
// counters and the cars. The same methods answer over HTTP under `/__sim/<method>` (POST a JSON
// array of arguments) for tests that run the simulator in another process.
import { caCloud, emptyCaCounters, type CaCounters, type ResponseCodeForm } from './ca-cloud';
import type { CarState } from './car-state';
import { cloneState } from './car-state';
import type { SimulatorCounters } from './counters';
import type { FailKind } from './faults';
import { json, Reply } from './http-types';
import type { CarKind, TokenLifetimes, UnreachableMode } from './options';
import type { Region } from './tokens';
import type { World } from './world';

export interface SimulatedVehicle {
  /** `us-kia`: the Kia USA account. */
  region: Region | 'us-kia' | 'ca';
  kind: CarKind;
  /** EU vehicle id, US registration id. */
  vehicleId: string;
  vin: string;
  nickname: string;
  protocol: 'eu' | 'eu-ccs2' | 'us-hyundai' | 'us-kia' | 'ca';
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface SimulatorControl {
  /** Every access and control token issued so far (EU CCI and CCS tokens too) is expired from now on. */
  expireAccessTokens(): void;
  /** Every live refresh token (EU CCI refresh tokens too) is rejected from now on (not counted as reuse). */
  revokeRefreshTokens(): void;
  /** The vendor's firewall blocks every EU sign-in ("classified as an abusing request"), or lets them through again. */
  blockSignIn(on: boolean): void;
  /** Every registered EU device id answers 4002 from now on. */
  invalidateDeviceIds(): void;
  /** Daily quota (force refreshes + commands) of one region's account, or both. */
  setQuota(limit: number, region?: Region): void;
  exhaustQuota(region?: Region): void;
  /** AU/NZ/India: sign-in answers without a redirect (AU `{}`, India `{step: 5}`): the password must be changed first. */
  setPasswordExpired(region: 'au' | 'nz' | 'in', on: boolean): void;
  /** `true` = `non-response` (EU commands end `non-response`, forced reads 4081; US HT_900). */
  setUnreachable(value: boolean | UnreachableMode): void;
  /** The next `count` requests (whose path contains `pathIncludes`, if given) fail this way. */
  failNext(kind: FailKind, count?: number, pathIncludes?: string): void;
  /** Drops the injected failures not yet used up. */
  clearFailures(): void;
  stickResultsAtNull(on: boolean): void;
  emptyRecords(on: boolean): void;
  setExpiryWording(wording: 'is' | 'has'): void;
  /** The 12 V sensor reports 255 (CCS2: SensorReliability 1) on every car, or on one. */
  set12vSentinel(on?: boolean, vehicleId?: string): void;
  setLatency(ms: number): void;
  setCommandDelay(ms: number): void;
  setForceDelay(ms: number): void;
  setTokenLifetimes(lifetimes: Partial<TokenLifetimes>): void;
  setRotation(rotate: { eu?: boolean; us?: boolean }): void;
  counters(): SimulatorCounters;
  resetCounters(): void;
  /** Adds a car to an account; returns its vehicle id. */
  addCar(region: Region, kind: CarKind): string;
  vehicles(): SimulatedVehicle[];
  /** The car's true state now (a copy). */
  trueState(vehicleId: string): CarState;
  /** The cloud's cached copy and when the car reported it (epoch ms). */
  cachedState(vehicleId: string): { state: CarState; at: number };
  /** Changes the car's true state (e.g. unplug it); the snapshot follows on the next report. */
  setCarState(vehicleId: string, patch: DeepPartial<CarState>): void;
  /** Cancels pending command results and force refreshes. */
  reset(): void;
  /** Canada: the client's IP changed, so every token issued so far answers 7606. */
  caChangeIp(): void;
  /** Canada: forget every trusted device, so the next login asks for a one-time code (7110). */
  caForgetDevices(): void;
  /** Canada: how `responseCode` is written (0/1, "0"/"1", false/true), and Genesis' bare 7549 on right codes. */
  caSetQuirks(quirks: { responseCode?: ResponseCodeForm; genesisRefusesCodes?: boolean }): void;
  caCounters(): CaCounters;
  /** Kia USA: every open session answers 1003 from now on (a new sign-in cures it). */
  expireKiaSessions(): void;
  /** Kia USA: every remember-me token is void (the next sign-in asks for a code). */
  forgetKiaDevices(): void;
  /** Kia USA: whether a verified code gives a remember-me token (default true). */
  setKiaRememberMe(on: boolean): void;
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof target[key] === 'object' && target[key] !== null) {
      merge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (value !== undefined) {
      target[key] = value;
    }
  }
}

export function createControl(world: World): SimulatorControl {
  const car = (vehicleId: string) => {
    const found = world.allCars().find((c) => c.id === vehicleId || c.identity.vin === vehicleId);
    if (!found) throw new Error(`no simulated vehicle ${vehicleId}`);
    return found;
  };
  const regions = (region?: Region) => (region ? [world.accounts[region]] : Object.values(world.accounts));
  const options = world.options;

  return {
    expireAccessTokens: () => {
      world.tokens.expireAccess();
      world.cci.expireAccess();
      caCloud(world).expireAccess();
    },
    revokeRefreshTokens: () => {
      world.tokens.revokeRefresh();
      world.cci.revokeRefresh();
    },
    blockSignIn: (on) => (world.faults.signInBlocked = on),
    invalidateDeviceIds: () => {
      for (const id of world.devices.keys()) world.devices.set(id, false);
    },
    setQuota: (limit, region) => regions(region).forEach((account) => (account.quota.limit = limit)),
    exhaustQuota: (region) => regions(region).forEach((account) => (account.quota.used = account.quota.limit)),
    setPasswordExpired: (region, on) => {
      if (on) world.passwordExpired.add(region);
      else world.passwordExpired.delete(region);
    },
    setUnreachable: (value) => (world.faults.unreachable = value === true ? 'non-response' : value === false ? null : value),
    failNext: (kind, count = 1, pathIncludes) => world.faults.failures.push({ kind, remaining: count, pathIncludes }),
    clearFailures: () => world.faults.failures.splice(0),
    stickResultsAtNull: (on) => (world.faults.resultsStuckAtNull = on),
    emptyRecords: (on) => (world.faults.emptyRecords = on),
    setExpiryWording: (wording) => (world.faults.expiryWording = wording),
    set12vSentinel: (on = true, vehicleId) => {
      for (const c of vehicleId ? [car(vehicleId)] : world.allCars()) c.truth.battery12vSentinel = on;
    },
    setLatency: (ms) => (options.latencyMs = ms),
    setCommandDelay: (ms) => (options.commandDelayMs = ms),
    setForceDelay: (ms) => (options.forceDelayMs = ms),
    setTokenLifetimes: (lifetimes) => Object.assign(options.tokenLifetimes, lifetimes),
    setRotation: (rotate) => Object.assign(options.rotate, rotate),
    counters: () => structuredClone(world.counters),
    resetCounters: () => {
      world.resetCounters();
      caCloud(world).counters = emptyCaCounters();
    },
    addCar: (region, kind) => world.addCar(region, kind).id,
    vehicles: () =>
      [
        ...(Object.keys(world.accounts) as Region[]).map((region) => ({ region, cars: world.accounts[region].cars })),
        { region: 'us-kia' as const, cars: world.kiaUs.account.cars },
        { region: 'ca' as const, cars: world.caCars },
      ].flatMap(({ region, cars }) =>
        cars.map((c) => ({
          region,
          kind: c.identity.kind,
          vehicleId: c.id,
          vin: c.identity.vin,
          nickname: c.identity.nickname,
          protocol: c.protocol,
        })),
      ),
    trueState: (vehicleId) => {
      const c = car(vehicleId);
      c.advance(world.clock.now());
      return cloneState(c.truth);
    },
    cachedState: (vehicleId) => structuredClone(car(vehicleId).snapshot),
    setCarState: (vehicleId, patch) => merge(car(vehicleId).truth as unknown as Record<string, unknown>, patch as Record<string, unknown>),
    caChangeIp: () => caCloud(world).changeIp(),
    caForgetDevices: () => caCloud(world).trustedDevices.clear(),
    caSetQuirks: ({ responseCode, genesisRefusesCodes }) => {
      const cloud = caCloud(world);
      if (responseCode) cloud.responseCodeForm = responseCode;
      if (genesisRefusesCodes !== undefined) cloud.genesisRefusesCodes = genesisRefusesCodes;
    },
    caCounters: () => structuredClone(caCloud(world).counters),
    expireKiaSessions: () => world.kiaUs.expireSessions(),
    forgetKiaDevices: () => world.kiaUs.forgetDevices(),
    setKiaRememberMe: (on) => (options.kiaRememberMe = on),
    reset: () => {
      world.cancelAll();
      for (const c of world.allCars()) {
        c.inFlight = null;
        c.pendingForce = null;
      }
    },
  };
}

/** `/__sim/<method>`: GET for readers without arguments, POST with a JSON array (or one object) of arguments. */
export function controlOverHttp(control: SimulatorControl) {
  return (method: string, path: string, body: Record<string, unknown>): Reply => {
    const name = path.slice('/__sim/'.length) as keyof SimulatorControl;
    const fn = control[name] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof fn !== 'function' || (method !== 'GET' && method !== 'POST')) {
      return json(404, { error: `unknown control ${name}`, known: Object.keys(control) });
    }
    const args = Array.isArray(body) ? body : Object.keys(body).length > 0 ? [body] : [];
    try {
      return json(200, { ok: true, result: fn(...args) ?? null });
    } catch (error) {
      return json(400, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  };
}
