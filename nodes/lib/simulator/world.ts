// Everything the simulated clouds know: accounts with their cars and daily quota, issued tokens,
// registered EU devices, injected faults, counters, and the timers that are still to fire.
import { randomUUID } from 'node:crypto';
import { emptyCounters, SimulatorCounters } from './counters';
import { CciBook } from './eu-cci-book';
import { Faults, noFaults } from './faults';
import { KiaUsCloud } from './kia-us-cloud';
import type { CarKind, Clock, ResolvedOptions } from './options';
import { Region, TokenBook } from './tokens';
import { SimCar } from './vehicles';

export interface SimAccount {
  id: string;
  region: Region;
  username: string;
  password: string;
  pin: string;
  cars: SimCar[];
  quota: { limit: number; used: number; day: number };
  pinFailures: number;
}

/** Demo credentials. They open nothing but this simulator, so printing them is fine. */
const DEMO = {
  eu: { username: 'demo-eu@example.com', password: 'demo-password', pin: '1234' },
  us: { username: 'demo-us@example.com', password: 'demo-password', pin: '1234' },
  au: { username: 'demo-au@example.com', password: 'demo-password', pin: '1234' },
  nz: { username: 'demo-nz@example.com', password: 'demo-password', pin: '1234' },
  in: { username: 'demo-in@example.com', password: 'demo-password', pin: '1234' },
};

const DAY_MS = 86_400_000;

export class World {
  readonly tokens: TokenBook;
  /** EU OneApp / CCI sign-in sessions, codes and token sets. */
  readonly cci: CciBook;
  counters: SimulatorCounters = emptyCounters();
  readonly faults: Faults = noFaults();
  readonly accounts: Record<Region, SimAccount>;
  /** EU device ids from `notifications/register`; false once invalidated. */
  readonly devices = new Map<string, boolean>();
  /** AU/NZ/India accounts whose sign-in answers "change your password first" (no redirect). */
  readonly passwordExpired = new Set<Region>();
  /** The Canadian account's cars (its cloud lives in ca-cloud.ts). */
  readonly caCars: SimCar[] = [];
  /** Kia USA: its own account, sessions, codes and remembered devices. */
  readonly kiaUs: KiaUsCloud;
  private readonly timers = new Set<unknown>();

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: Clock,
  ) {
    this.tokens = new TokenBook(clock, () => this.options.tokenLifetimes);
    this.cci = new CciBook(clock, () => this.options.tokenLifetimes);
    this.accounts = {
      eu: this.newAccount('eu'),
      us: this.newAccount('us'),
      au: this.newAccount('au'),
      nz: this.newAccount('nz'),
      in: this.newAccount('in'),
    };
    this.kiaUs = new KiaUsCloud(options.usKiaCars, clock, options.dailyQuota.us);
    for (const kind of options.euCars) this.addCar('eu', kind);
    for (const kind of options.usCars) this.addCar('us', kind);
    for (const region of ['au', 'nz', 'in'] as const) for (const kind of options.variantCars) this.addCar(region, kind);
    for (const kind of options.caCars) {
      const sameKind = this.allCars().filter((car) => car.identity.kind === kind).length;
      this.caCars.push(new SimCar(kind, sameKind, clock.now()));
    }
  }

  addCar(region: Region, kind: CarKind): SimCar {
    // Counted over every account: control methods find a car by its id or VIN alone.
    const sameKind = this.allCars().filter((car) => car.identity.kind === kind).length;
    const car = new SimCar(kind, sameKind, this.clock.now());
    this.accounts[region].cars.push(car);
    return car;
  }

  /** A car by its vehicle id (EU), registration id (US) or VIN, within one account. */
  findCar(account: SimAccount, key: string | undefined): SimCar | undefined {
    if (!key) return undefined;
    return account.cars.find((car) => car.id === key || car.identity.vin === key);
  }

  allCars(): SimCar[] {
    return [...Object.values(this.accounts).flatMap((account) => account.cars), ...this.kiaUs.account.cars, ...this.caCars];
  }

  registerDevice(): string {
    const deviceId = randomUUID();
    this.devices.set(deviceId, true);
    return deviceId;
  }

  /** Force refreshes and commands use the daily quota; false when it is exhausted. */
  useQuota(account: SimAccount): boolean {
    if (this.quotaExhausted(account)) return false;
    account.quota.used += 1;
    return true;
  }

  quotaExhausted(account: SimAccount): boolean {
    const day = Math.floor(this.clock.now() / DAY_MS);
    if (day !== account.quota.day) account.quota = { ...account.quota, used: 0, day };
    return account.quota.used >= account.quota.limit;
  }

  /** Runs `callback` later on the injected clock; `close()` cancels what has not run. */
  schedule(callback: () => void, ms: number): unknown {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      callback();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  cancel(handle: unknown): void {
    this.timers.delete(handle);
    this.clock.clearTimeout(handle);
  }

  cancelAll(): void {
    for (const handle of this.timers) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  resetCounters(): void {
    this.counters = emptyCounters();
  }

  private newAccount(region: Region): SimAccount {
    return {
      id: `${region}-account`,
      region,
      ...DEMO[region],
      cars: [],
      quota: {
        limit: region === 'us' ? this.options.dailyQuota.us : this.options.dailyQuota.eu,
        used: 0,
        day: Math.floor(this.clock.now() / DAY_MS),
      },
      pinFailures: 0,
    };
  }
}
