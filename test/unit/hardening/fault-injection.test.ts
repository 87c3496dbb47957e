// The fault-injection suite: fast-check draws sequences of calls against a real simulator, with
// randomised faults before them (hangs, resets, 5xx, 5031, 200 answers that are empty, HTML or
// someone else's, lifetimes out of range, expired tokens, restarts with a damaged token store) and
// asserts what must hold whatever the cloud does:
//   - no unhandled rejection, and tokenStatus() never throws;
//   - every call settles exactly once, within its bound, with a typed error when it fails;
//   - no command reaches the car more often than it was asked for;
//   - no refresh token is presented twice (the simulator counts reuse);
//   - re-login required only after a refusal, never after a fault;
//   - no secret in any sink (log, error, status, state events, the store file).
// The pieces are the library's own (client, session, account) with short timeouts and no backoff
// jitter, so a hang costs a few hundred ms and the suite stays fast and bounded.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Account } from '../../../nodes/lib/account/account';
import type { SharedSession } from '../../../nodes/lib/account/sessions';
import { OtpGate } from '../../../nodes/lib/account/otp-gate';
import { VehicleQueue } from '../../../nodes/lib/account/vehicle-queue';
import { NO_FILE, SessionProtection, resolveProtection } from '../../../nodes/lib/protect';
import { EuClient } from '../../../nodes/lib/clouds/eu/client';
import { createHttp } from '../../../nodes/lib/clouds/http';
import { ERROR_CODES, VehicleError } from '../../../nodes/lib/errors';
import { FileTokenStore, TokenManager } from '../../../nodes/lib/session';
import type { TokenStatus } from '../../../nodes/lib/types';
import { captureLog, startSim, type Sim } from '../account/helpers';

type Fault = 'reset' | 'hang' | '5xx' | '5031' | 'empty' | 'html' | 'foreign';
type Where = '/oauth2/token' | '/spa/vehicles' | '/status/latest' | '/control/door' | '/records' | undefined;
type Call = 'vehicles' | 'cached' | 'lock' | 'unlock';

interface Step {
  fault: { kind: Fault; where: Where; count: number } | null;
  lifetime: number | null;
  expireNow: boolean;
  restart: 'no' | 'clean' | 'damaged';
  calls: Call[];
}

const step: fc.Arbitrary<Step> = fc.record({
  fault: fc.option(
    fc.record({
      kind: fc.constantFrom<Fault>('reset', 'hang', '5xx', '5031', 'empty', 'html', 'foreign'),
      where: fc.constantFrom<Where>('/oauth2/token', '/spa/vehicles', '/status/latest', '/control/door', '/records', undefined),
      count: fc.integer({ min: 1, max: 3 }),
    }),
    { freq: 3 },
  ),
  lifetime: fc.option(fc.constantFrom(-3600, 0, 3, 3600, 1e12, Number.NaN), { freq: 4 }),
  expireNow: fc.boolean(),
  restart: fc.constantFrom<Step['restart']>('no', 'no', 'no', 'clean', 'damaged'),
  calls: fc.array(fc.constantFrom<Call>('vehicles', 'cached', 'lock', 'unlock'), { minLength: 1, maxLength: 4 }),
});

/** One call's bound: a hung read gives up after two request timeouts, a refresh within its budget. */
const CALL_BOUND_MS = 10_000;
const KNOWN_CODES = new Set<string>(ERROR_CODES);

describe('hardening: fault injection (fast-check, real simulator)', function () {
  this.timeout(120_000);
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  let random: () => number;

  before(() => {
    process.on('unhandledRejection', onRejection);
    random = Math.random;
    Math.random = () => 0; // axios-retry's jitter too: no waiting between read retries
  });
  after(() => {
    process.off('unhandledRejection', onRejection);
    Math.random = random;
  });

  it('whatever the cloud does, the session lives, calls settle once, commands are not doubled, no token is reused, no secret leaks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        const sim = await startSim({ commandDelayMs: 10 });
        const dir = mkdtempSync(join(tmpdir(), 'hk-faults-'));
        const log = captureLog();
        const events: TokenStatus[] = [];
        const errors: string[] = [];
        let world = open(sim, dir, log.logger, events);
        let commandsAsked = 0;
        let storeLost = false;
        try {
          for (const s of steps) {
            if (s.restart !== 'no') {
              await world.close();
              if (s.restart === 'damaged') storeLost = damageStore(dir) || storeLost;
              world = open(sim, dir, log.logger, events);
            }
            if (s.lifetime !== null) sim.control.setTokenLifetimes({ euAccess: s.lifetime });
            if (s.expireNow) sim.control.expireAccessTokens();
            if (s.fault) sim.control.failNext(s.fault.kind, s.fault.count, s.fault.where);
            const before = sim.control.counters().commands;
            commandsAsked += s.calls.filter((c) => c === 'lock' || c === 'unlock').length;
            const outcomes = await Promise.all(s.calls.map((call) => settleOnce(run(world.account, call))));
            for (const outcome of outcomes) {
              assert.ok(outcome.ms <= CALL_BOUND_MS, `a call took ${outcome.ms} ms`);
              if (outcome.error !== undefined) {
                assert.ok(outcome.error instanceof VehicleError, `typed error: ${String(outcome.error)}`);
                assert.ok(KNOWN_CODES.has(outcome.error.code));
                errors.push(`${outcome.error.code} ${outcome.error.message}`);
              }
            }
            const sent = sim.control.counters().commands - before;
            assert.ok(
              sent <= s.calls.filter((c) => c === 'lock' || c === 'unlock').length,
              `commands sent ${sent} for ${JSON.stringify(s.calls)}`,
            );
            assert.doesNotThrow(() => JSON.stringify(world.account.tokenStatus()));
          }
          const counters = sim.control.counters();
          assert.ok(counters.commands <= commandsAsked);
          assert.equal(counters.reuseDetections, 0, 'a refresh token was presented twice');
          const status = world.account.tokenStatus();
          if (storeLost) {
            // A lost chain asks the user (the pasted token was spent by it): the one refusal we expect.
            assert.equal(status.state, 'reauth-required');
            assert.match(status.lastError?.message ?? '', /credentialSecret|damaged/);
          } else {
            assert.notEqual(status.state, 'reauth-required', `re-login required without a refusal: ${errors.join(' | ')}`);
            // The session recovers once the faults are gone.
            sim.control.clearFailures();
            sim.control.setTokenLifetimes({ euAccess: 3600 });
            assert.ok((await recovered(world.account)).length >= 1);
          }
          const sinks = [...log.lines, ...errors, JSON.stringify(events), JSON.stringify(world.account.tokenStatus()), ...storeFiles(dir)];
          for (const secret of [sim.credentials.eu.refreshToken, sim.credentials.eu.pin.length >= 6 ? sim.credentials.eu.pin : null].filter(
            Boolean,
          ) as string[]) {
            for (const text of sinks) assert.ok(!text.includes(secret), `a secret in a sink: ${text.slice(0, 120)}`);
          }
          assert.deepEqual(rejections, []);
        } finally {
          await world.close();
          await sim.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.FAULT_RUNS ?? 25), endOnFailure: true },
    );
  });
});

interface World {
  account: Account;
  close(): Promise<void>;
}

/** The account as createAccount builds it, with short request timeouts and no backoff. */
function open(sim: Sim, dir: string, logger: ReturnType<typeof captureLog>['logger'], events: TokenStatus[]): World {
  const client = new EuClient({
    http: createHttp({ timeoutMs: 150, maxRetryDelayMs: 5 }),
    brand: 'kia',
    authMode: 'refreshToken',
    apiBaseUrl: sim.url,
    credentials: { refreshToken: sim.credentials.eu.refreshToken, pin: sim.credentials.eu.pin },
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
    forceTimeoutMs: 500,
    forcePollMs: 20,
  });
  const manager = new TokenManager({
    strategy: client.strategy,
    store: new FileTokenStore({ dir, secret: 'credential-secret', logger }),
    logger,
    autoRefresh: false,
    random: () => 0,
    retryBaseMs: 5,
    retryCapMs: 20,
    circuit: { openMs: 50, maxOpenMs: 100 },
  });
  manager.on('state', (status: TokenStatus) => events.push(status));
  // The protection stands aside (no budget, no force interval, no 12 V floor): the faults are the subject here.
  const rules = resolveProtection({ dailyBudget: 100_000, minForceIntervalMinutes: 0, min12vSoc: 0 }, 'eu');
  const protection = new SessionProtection(rules, Date.now, NO_FILE);
  const session: SharedSession = {
    identity: 'faults',
    client,
    manager,
    queue: new VehicleQueue(),
    vehicles: null,
    vehiclesLoading: null,
    protection,
    otp: new OtpGate(),
  };
  manager.start();
  const account = new Account({
    session: Promise.resolve(session),
    release: () => manager.stop(),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
    confirmPollMs: 20,
    idleBudget: () => protection.budget.status(),
  });
  return { account, close: () => account.close() };
}

/**
 * The account's cars once the faults are gone. A circuit the faults opened stays open for its pause
 * (here 50 to 100 ms) and then lets one probe through: that is recovery too, so CIRCUIT_OPEN is waited
 * out, for at most a second, and every other error fails the test.
 */
async function recovered(account: Account): Promise<unknown[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await account.vehicles();
    } catch (err) {
      if (!(err instanceof VehicleError) || err.code !== 'CIRCUIT_OPEN' || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function run(account: Account, call: Call): Promise<unknown> {
  if (call === 'vehicles') return account.vehicles();
  if (call === 'cached') return account.refreshCached();
  // Not waiting for the car, which then stays reserved until the command settles (2 s at most here).
  return account[call](undefined, { confirm: false, confirmTimeoutSeconds: 2 });
}

/** Settles once, and fails the property if the promise ever settled a second time (impossible) or never. */
async function settleOnce(promise: Promise<unknown>): Promise<{ error?: VehicleError; ms: number }> {
  const started = Date.now();
  try {
    await promise;
    return { ms: Date.now() - started };
  } catch (err) {
    return { error: err as VehicleError, ms: Date.now() - started };
  }
}

/** Cuts every stored set in half; true when there was one (a chain existed). */
function damageStore(dir: string): boolean {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), text.slice(0, Math.floor(text.length / 2)));
  }
  return files.length > 0;
}

function storeFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}
