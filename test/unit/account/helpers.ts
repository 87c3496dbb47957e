// Shared set-up for the Account suites: a real simulator on loopback with short delays, and accounts
// whose log lines are captured so the suites can check that nothing secret is ever written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, startSimulator, type Account, type AccountOptions, type SimulatorOptions } from '../../../nodes/lib';

export type Sim = Awaited<ReturnType<typeof startSimulator>>;

export interface CapturedLog {
  lines: string[];
  logger: { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const put = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, logger: { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') } };
}

export async function startSim(options: SimulatorOptions = {}): Promise<Sim> {
  return startSimulator({ commandDelayMs: 40, forceDelayMs: 0, ...options });
}

export interface Harness {
  sim: Sim;
  accounts: Account[];
  dirs: string[];
  log: CapturedLog;
  eu(overrides?: Partial<AccountOptions>): Account;
  us(overrides?: Partial<AccountOptions>): Account;
  tempDir(): string;
  close(): Promise<void>;
}

/**
 * Accounts on the simulator; background refresh is off so the counters only show what a test did, and
 * forced reads may follow each other (the protection suite sets its own rules).
 */
export async function harness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSim(options);
  const accounts: Account[] = [];
  const dirs: string[] = [];
  const log = captureLog();
  const make = (base: AccountOptions, overrides: Partial<AccountOptions>): Account => {
    const account = createAccount({ ...base, ...overrides });
    accounts.push(account);
    return account;
  };
  return {
    sim,
    accounts,
    dirs,
    log,
    eu: (overrides = {}) =>
      make(
        {
          region: 'eu',
          brand: 'kia',
          authMode: 'refreshToken',
          apiBaseUrl: sim.url,
          credentials: { refreshToken: sim.credentials.eu.refreshToken, pin: sim.credentials.eu.pin },
          autoRefresh: false,
          confirmPollSeconds: 0.02,
          minForceIntervalMinutes: 0,
          logger: log.logger,
        },
        overrides,
      ),
    us: (overrides = {}) =>
      make(
        {
          region: 'us',
          brand: 'hyundai',
          apiBaseUrl: sim.url,
          credentials: sim.credentials.us,
          autoRefresh: false,
          confirmPollSeconds: 0.02,
          minForceIntervalMinutes: 0,
          logger: log.logger,
        },
        overrides,
      ),
    tempDir: () => {
      const dir = mkdtempSync(join(tmpdir(), 'hk-account-'));
      dirs.push(dir);
      return dir;
    },
    close: async () => {
      await Promise.all(accounts.map((a) => a.close()));
      await sim.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every secret the simulator handed out, plus the VINs of its cars. */
export function secretsOf(sim: Sim): string[] {
  const { eu, us } = sim.credentials;
  return [eu.refreshToken, eu.password, eu.pin, us.password, us.pin, ...sim.control.vehicles().map((v) => v.vin)].filter(
    (s) => s.length >= 6, // a 4-digit PIN would match timestamps and ports
  );
}

export function apiCalls(sim: Sim): number {
  return Object.values(sim.control.counters().apiCalls).reduce((a, b) => a + b, 0);
}
