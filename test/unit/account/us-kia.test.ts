import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import { createAccount, type Account, type AccountOptions, type TokenStatus, type VehicleError } from '../../../nodes/lib';
import { captureLog, startSim, type Sim } from './helpers';

/** Kia USA against the simulator: the one-time code, the remembered device, session expiry. */
describe('Account on the Kia USA cloud (simulator)', () => {
  let sim: Sim;
  let sent: string[];
  let accounts: Account[];
  let dirs: string[];
  const log = captureLog();

  /** The code from the last message the simulated cloud "sent". */
  const lastCode = (): string => {
    const match = /code (\d+) sent/.exec(sent.at(-1) ?? '');
    assert.ok(match, 'the simulator sent no code');
    return match[1];
  };
  const kia = (overrides: Partial<AccountOptions> = {}): Account => {
    const account = createAccount({
      region: 'us',
      brand: 'kia',
      apiBaseUrl: sim.url,
      credentials: { username: sim.credentials.usKia.username, password: sim.credentials.usKia.password, pin: sim.credentials.usKia.pin },
      autoRefresh: false,
      confirmPollSeconds: 0.02,
      logger: log.logger,
      ...overrides,
    });
    accounts.push(account);
    return account;
  };
  const withCode = (method: 'email' | 'sms' = 'email'): AccountOptions['otp'] => ({ method, provide: async () => lastCode() });
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-kia-'));
    dirs.push(dir);
    return dir;
  };
  const counts = () => sim.control.counters().kiaUs;

  beforeEach(async () => {
    sent = [];
    accounts = [];
    dirs = [];
    log.lines.length = 0;
    sim = await startSim({ otpLog: (line) => sent.push(line) });
  });

  afterEach(async () => {
    // Nothing secret in any log line: password, the code, session ids and remember-me tokens (long opaque strings).
    for (const line of log.lines) {
      assert.ok(!line.includes(sim.credentials.usKia.password), `the password reached the log: ${line}`);
      assert.ok(!line.includes(sim.credentials.usKia.otp), `the one-time code reached the log: ${line}`);
      assert.ok(!/[0-9a-f]{40,}|[A-Za-z0-9_-]{40,}/.test(line), `a session id or token reached the log: ${line}`);
    }
    await Promise.all(accounts.map((a) => a.close()));
    await sim.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with a one-time code sent by email, then lists the car', async () => {
    const account = kia({ otp: withCode('email') });
    const [car] = await account.vehicles();
    assert.equal(car.protocol, 'us-kia');
    assert.equal(car.type, 'EV');
    assert.equal(car.model, 'NIRO EV');
    assert.match(sent[0], /sent by EMAIL/);
    assert.equal(lastCode(), sim.credentials.usKia.otp);
    assert.deepEqual(
      { otpRequests: counts().otpRequests, otpSent: counts().otpSent, otpVerified: counts().otpVerified, signIns: counts().signIns },
      { otpRequests: 1, otpSent: 1, otpVerified: 1, signIns: 1 },
    );
    const status = account.tokenStatus();
    assert.equal(status.state, 'ready');
    assert.equal(status.hasRefreshToken, true, 'the remember-me token is kept');
  });

  it('asks for the code by SMS when otp.method says so', async () => {
    const account = kia({ otp: withCode('sms') });
    await account.vehicles();
    assert.match(sent[0], /sent by SMS/);
  });

  it('reads cached status with charge level and lock state, and a forced one that wakes the car', async () => {
    const account = kia({ otp: withCode() });
    const cached = await account.refreshCached();
    assert.equal(cached.source, 'cached');
    assert.equal(cached.state.ev?.soc, 68);
    assert.equal(cached.state.locked, true);
    assert.equal(cached.state.range?.unit, 'mi');
    assert.equal(cached.state.odometer?.value, 23456);
    assert.equal(sim.control.counters().forceRefreshes, 0);
    const forced = await account.refreshForce();
    assert.equal(forced.source, 'force');
    assert.equal(sim.control.counters().forceRefreshes, 1);
    assert.equal(forced.state.ev?.soc, 68);
    assert.ok(forced.state.updatedAt && Date.parse(forced.state.updatedAt) > Date.now() - 60_000, 'the forced read is fresh');
  });

  it('locks and unlocks, each confirmed through cmm/gts; climate, charging and targets too', async () => {
    const account = kia({ otp: withCode() });
    const [car] = sim.control.vehicles().filter((v) => v.region === 'us-kia');
    const unlocked = await account.unlock();
    assert.equal(unlocked.result, 'success');
    assert.ok(unlocked.actionId);
    assert.equal(sim.control.trueState(car.vehicleId).locked, false);
    assert.equal((await account.lock()).result, 'success');
    assert.equal(sim.control.trueState(car.vehicleId).locked, true);
    assert.equal((await account.refreshCached()).state.locked, true);
    assert.equal((await account.startClimate(undefined, { temperature: 70 })).result, 'success');
    assert.equal(sim.control.trueState(car.vehicleId).climate.temperature, 70);
    assert.equal((await account.stopClimate()).result, 'success');
    assert.equal((await account.startCharge()).result, 'success');
    assert.equal(sim.control.trueState(car.vehicleId).ev.charging, true);
    assert.equal((await account.stopCharge()).result, 'success');
    assert.equal((await account.setChargeTargets(undefined, { ac: 90, dc: 80 })).result, 'success');
    assert.deepEqual((await account.refreshCached()).state.ev?.targetSoc, { ac: 90, dc: 80 });
    assert.ok(sim.control.counters().apiCalls['POST /apigw/v1/cmm/gts'] >= 7);
  });

  it('says UNSUPPORTED for windows, charge port and charging current, before any command', async () => {
    const account = kia({ otp: withCode() });
    await account.vehicles();
    for (const call of [
      () => account.setWindows(undefined, 'open'),
      () => account.openChargePort(),
      () => account.closeChargePort(),
      () => account.setChargingCurrent(undefined, 90),
    ]) {
      await assert.rejects(call(), (e: VehicleError) => e.code === 'UNSUPPORTED');
    }
    assert.equal(sim.control.counters().commands, 0);
  });

  it('a second account on the same token store signs in as the remembered device, with no code', async () => {
    const store = tempDir();
    const first = kia({ otp: withCode(), tokenStoreDir: store });
    await first.refreshCached();
    await first.close();
    sim.control.expireKiaSessions(); // the stored sid is dead: the second account must sign in again
    const second = kia({ tokenStoreDir: store }); // no otp at all: a code request would fail it
    const status = await second.refreshCached();
    assert.equal(status.state.ev?.soc, 68);
    assert.equal(counts().otpRequests, 1, 'only the first sign-in asked for a code');
    assert.equal(counts().rememberedSignIns, 1);
    assert.equal(counts().signIns, 2);
  });

  it('answers a storm after session expiry (1003) with ONE sign-in and one retry each', async () => {
    const account = kia({ otp: withCode() });
    await account.refreshCached();
    sim.control.expireKiaSessions();
    const before = counts();
    const gvlBefore = sim.control.counters().apiCalls['GET /apigw/v1/ownr/gvl'] ?? 0;
    const results = await Promise.all(Array.from({ length: 25 }, () => account.refreshCached()));
    assert.equal(results.length, 25);
    assert.ok(results.every((r) => r.state.ev?.soc === 68));
    const after = counts();
    assert.equal(after.signIns - before.signIns, 1, 'one sign-in for the whole storm');
    const gvl = (c: ReturnType<typeof sim.control.counters>) => c.apiCalls['GET /apigw/v1/ownr/gvl'] ?? 0;
    assert.equal(gvl(sim.control.counters()) - gvlBefore, 1, "one read of the new session's vehicle keys");
    assert.equal(after.otpRequests, before.otpRequests, 'the remembered device needs no code');
    assert.ok(after.sessionExpired >= 1);
    assert.ok(account.tokenStatus().retriesAfterExpiry >= 1);
  });

  it('asks again for a code when the cloud gave no remember-me token', async () => {
    sim.control.setKiaRememberMe(false);
    const account = kia({ otp: withCode() });
    await account.refreshCached();
    assert.equal(account.tokenStatus().hasRefreshToken, false);
    sim.control.expireKiaSessions();
    await account.refreshCached();
    assert.equal(counts().otpRequests, 2);
    assert.equal(counts().otpVerified, 2);
  });

  it('without otp: AUTH_FAILED with otpRequired, and the cloud is not asked to send a code', async () => {
    const account = kia();
    await assert.rejects(account.vehicles(), (e: VehicleError) => {
      assert.equal(e.code, 'AUTH_FAILED');
      assert.equal(e.otpRequired, true);
      assert.match(e.message, /one-time code/);
      return true;
    });
    assert.equal(counts().otpSent, 0);
    assert.equal(account.tokenStatus().state, 'reauth-required');
  });

  it('a wrong code is AUTH_FAILED (otpRequired) and opens no session', async () => {
    const account = kia({ otp: { provide: async () => ('000000' === sim.credentials.usKia.otp ? '111111' : '000000') } });
    await assert.rejects(account.vehicles(), (e: VehicleError) => e.code === 'AUTH_FAILED' && e.otpRequired === true);
    assert.equal(counts().otpRejected, 1);
    assert.equal(counts().signIns, 0);
  });

  it('shows otp-required while the code is awaited, fails other calls at once, and resends by SMS on request', async () => {
    let give: (code: string) => void = () => undefined;
    const account = kia({ otp: { provide: () => new Promise<string>((resolve) => (give = resolve)) } });
    const states: string[] = [];
    const asked = new Promise<void>((resolve) =>
      account.on('state', (s: TokenStatus) => {
        states.push(s.state);
        if (s.state === 'otp-required') resolve();
      }),
    );
    const first = account.refreshCached();
    await asked;
    assert.equal(account.tokenStatus().state, 'otp-required');
    await assert.rejects(account.refreshCached(), (e: VehicleError) => e.code === 'AUTH_FAILED' && e.otpRequired === true);
    await account.sendOtp('sms');
    assert.match(sent.at(-1) ?? '', /sent by SMS/);
    assert.equal(counts().otpSent, 2);
    give(lastCode());
    assert.equal((await first).state.ev?.soc, 68);
    assert.equal(account.tokenStatus().state, 'ready');
    assert.ok(states.includes('otp-required'));
  });

  it('"Send code" on an account that needs no sign-in now starts one, and the code comes by the chosen method', async () => {
    let give: (code: string) => void = () => undefined;
    const account = kia({ otp: { method: 'email', provide: () => new Promise<string>((resolve) => (give = resolve)) } });
    const status = await account.sendOtp('sms');
    assert.equal(status.state, 'otp-required');
    assert.match(sent.at(-1) ?? '', /sent by SMS/);
    const ready = new Promise<void>((resolve) => account.on('state', (s: TokenStatus) => s.state === 'ready' && resolve()));
    give(lastCode());
    await ready;
    await account.refreshCached();
    assert.equal(account.tokenStatus().state, 'ready');
  });

  it('closing the account ends a sign-in that waits for a code at once (a re-deploy does not wait 10 minutes)', async () => {
    const account = kia({ otp: { provide: () => new Promise<string>(() => undefined) } });
    const waiting = new Promise<void>((resolve) => account.on('state', (s: TokenStatus) => s.state === 'otp-required' && resolve()));
    const call = account.refreshCached();
    call.catch(() => undefined);
    await waiting;
    await account.close();
    await assert.rejects(call, (e: VehicleError) => e.code === 'AUTH_FAILED' && e.otpRequired === true);
  });

  describe('with fake time', () => {
    let clock: FakeTimers.InstalledClock | undefined;
    afterEach(() => {
      clock?.uninstall();
      clock = undefined;
    });

    it('ends the attempt when no code comes within 10 minutes (AUTH_FAILED, otpRequired), not a moment before', async () => {
      // Only the timers are fake: the HTTP to the simulator runs for real.
      clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
      const account = kia({ otp: { provide: () => new Promise<string>(() => undefined) } });
      const waiting = new Promise<void>((resolve) => account.on('state', (s: TokenStatus) => s.state === 'otp-required' && resolve()));
      const seen: { error?: VehicleError } = {};
      const call = account.refreshCached().catch((e: VehicleError) => (seen.error = e));
      await waiting;
      await clock.tickAsync(10 * 60_000 - 1_000);
      assert.equal(seen.error, undefined, 'still waiting before 10 minutes');
      assert.equal(account.tokenStatus().state, 'otp-required');
      await clock.tickAsync(1_000);
      await call;
      const error = seen.error as VehicleError | undefined;
      assert.equal(error?.code, 'AUTH_FAILED');
      assert.equal(error?.otpRequired, true);
      assert.match(error?.message ?? '', /10 minutes/);
      assert.equal(account.tokenStatus().state, 'reauth-required');
      assert.equal(counts().otpVerified, 0);
    });
  });
});
