// The Canadian cloud end to end over real HTTP against the simulator: sign-in with a one-time code,
// the remembered device (also across a token store and a restart), status, confirmed commands with
// the PIN step, one re-login for a storm after expiry, and nothing secret in the log.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, type Account, type AccountOptions, type VehicleError } from '../../../nodes/lib';
import { captureLog, startSim, type CapturedLog, type Sim } from './helpers';

describe('Account on the Canadian cloud (simulator)', () => {
  let sim: Sim;
  let log: CapturedLog;
  let accounts: Account[];
  let dirs: string[];
  let codesAsked: number;

  const otp = () => ({
    method: 'email' as const,
    provide: async () => {
      codesAsked += 1;
      return sim.credentials.ca.otp;
    },
  });

  const ca = (overrides: Partial<AccountOptions> = {}): Account => {
    const account = createAccount({
      region: 'ca',
      brand: 'kia',
      apiBaseUrl: sim.url,
      credentials: { username: sim.credentials.ca.username, password: sim.credentials.ca.password, pin: sim.credentials.ca.pin },
      autoRefresh: false,
      confirmPollSeconds: 0.02,
      logger: log.logger,
      ...overrides,
    });
    accounts.push(account);
    return account;
  };

  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'hk-ca-'));
    dirs.push(dir);
    return dir;
  };

  const logins = () => sim.control.caCounters().logins;

  beforeEach(async () => {
    sim = await startSim();
    log = captureLog();
    accounts = [];
    dirs = [];
    codesAsked = 0;
  });

  afterEach(async () => {
    await Promise.all(accounts.map((a) => a.close()));
    await sim.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the one-time code on a new device, then lists the car', async () => {
    const [car] = await ca({ otp: otp() }).vehicles();
    assert.equal(car.protocol, 'ca');
    assert.equal(car.type, 'EV');
    assert.equal(car.name, 'Demo NIRO EV');
    const counters = sim.control.caCounters();
    assert.equal(counters.otpRequired, 1);
    assert.equal(counters.codesSent, 1);
    assert.equal(counters.codesAccepted, 1);
    assert.equal(codesAsked, 1);
  });

  it('without an otp provider an untrusted device fails AUTH_FAILED with otpRequired, after one login call', async () => {
    await assert.rejects(
      ca().vehicles(),
      (e: VehicleError) => e.code === 'AUTH_FAILED' && e.otpRequired === true && /one-time code/.test(e.message),
    );
    assert.equal(logins(), 1);
    assert.equal(sim.control.caCounters().codesSent, 0);
  });

  it('a second account on the same token store needs no code: the device id travels with the stored tokens', async () => {
    const dir = tempDir();
    const first = ca({ otp: otp(), tokenStoreDir: dir });
    await first.vehicles();
    await first.close();
    sim.control.expireAccessTokens(); // the stored token is dead server-side: a new login must happen
    const second = ca({ tokenStoreDir: dir }); // no otp at all
    const status = await second.refreshCached();
    assert.equal(status.state.ev?.soc, 80);
    assert.equal(codesAsked, 1);
    const counters = sim.control.caCounters();
    assert.equal(counters.codesSent, 1, 'no second code');
    assert.equal(counters.otpRequired, 1);
    assert.equal(counters.logins, 2, 'the re-login with the remembered device');
  });

  it('keeps the session across a restart from the token store: no login at all', async () => {
    const dir = tempDir();
    const before = ca({ otp: otp(), tokenStoreDir: dir });
    await before.vehicles();
    await before.close();
    sim.control.resetCounters();
    const after = ca({ tokenStoreDir: dir });
    assert.equal((await after.refreshCached()).state.locked, true);
    assert.equal(logins(), 0);
  });

  it('reads the cached and the forced status with charge level, lock state and targets; only the forced read wakes the car', async () => {
    const account = ca({ otp: otp() });
    const cached = await account.refreshCached();
    assert.equal(cached.source, 'cached');
    assert.equal(cached.state.ev?.soc, 80);
    assert.equal(cached.state.locked, true);
    assert.deepEqual(cached.state.ev?.targetSoc, { ac: 90, dc: 80 });
    assert.equal(cached.state.range?.unit, 'km');
    assert.equal(sim.control.counters().forceRefreshes, 0);
    const [car] = sim.control.vehicles().filter((v) => v.region === 'ca');
    sim.control.setCarState(car.vehicleId, { ev: { soc: 62 } });
    const forced = await account.refreshForce();
    assert.equal(forced.source, 'force');
    assert.equal(forced.state.ev?.soc, 62);
    assert.equal(sim.control.counters().forceRefreshes, 1);
  });

  it('locks and unlocks, each with a fresh PIN step and confirmed through rmtsts', async () => {
    const account = ca({ otp: otp() });
    const unlocked = await account.unlock();
    assert.equal(unlocked.result, 'success');
    assert.ok(unlocked.actionId);
    assert.equal((await account.refreshForce()).state.locked, false);
    assert.equal((await account.lock()).result, 'success');
    assert.equal((await account.refreshForce()).state.locked, true);
    const counters = sim.control.counters();
    assert.equal(counters.commandsByName.drlck, 1);
    assert.equal(counters.commandsByName.drulck, 1);
    assert.ok(sim.control.caCounters().pinChecks >= 4, 'one pAuth per command and per poll');
  });

  it('runs the climate (21 °C as "0EH"), charges and sets the charge targets', async () => {
    const account = ca({ otp: otp() });
    assert.equal((await account.startClimate(undefined, { temperature: 21, defrost: true })).result, 'success');
    const climate = (await account.refreshForce()).state.climate;
    assert.deepEqual([climate.on, climate.temperature, climate.defrost], [true, 21, true]);
    assert.equal((await account.stopClimate()).result, 'success');
    assert.equal((await account.startCharge()).result, 'success');
    assert.equal((await account.refreshForce()).state.ev?.charging, true);
    assert.equal((await account.stopCharge()).result, 'success');
    assert.equal((await account.setChargeTargets(undefined, { ac: 100, dc: 70 })).result, 'success');
    assert.deepEqual((await account.refreshCached()).state.ev?.targetSoc, { ac: 100, dc: 70 });
  });

  it('says UNSUPPORTED for windows, charge port and charging current before any command call', async () => {
    const account = ca({ otp: otp() });
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
    assert.equal(sim.control.caCounters().pinChecks, 0);
  });

  it('a wrong PIN is AUTH_FAILED (7310) and sends no command', async () => {
    const account = ca({
      otp: otp(),
      credentials: { username: sim.credentials.ca.username, password: sim.credentials.ca.password, pin: '9999' },
    });
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'AUTH_FAILED' && e.cloudCode === '7310');
    assert.equal(sim.control.counters().commands, 0);
  });

  it('answers a storm of 50 reads after server-side expiry with ONE sign-in', async () => {
    const account = ca({ otp: otp() });
    await account.vehicles();
    sim.control.expireAccessTokens();
    sim.control.resetCounters();
    const results = await Promise.all(Array.from({ length: 50 }, () => account.refreshCached()));
    assert.equal(results.length, 50);
    assert.ok(results.every((r) => r.state.ev?.soc === 80));
    assert.equal(logins(), 1);
    assert.equal(sim.control.caCounters().codesSent, 0, 'the device stays trusted');
    assert.equal(account.tokenStatus().state, 'ready');
  });

  it('an IP change (7606) is cured by one re-login, and the boolean responseCode form is read right', async () => {
    const account = ca({ otp: otp() });
    await account.vehicles();
    sim.control.caSetQuirks({ responseCode: 'bool' });
    sim.control.caChangeIp();
    sim.control.resetCounters();
    assert.equal((await account.refreshCached()).state.locked, true);
    assert.equal(sim.control.caCounters().ipRejections, 1);
    assert.equal(logins(), 1);
  });

  it('a device the cloud forgot, without otp: AUTH_FAILED otpRequired with one login call, and re-login required', async () => {
    const dir = tempDir();
    const first = ca({ otp: otp(), tokenStoreDir: dir });
    await first.vehicles();
    await first.close();
    sim.control.caForgetDevices();
    sim.control.expireAccessTokens();
    sim.control.resetCounters();
    const second = ca({ tokenStoreDir: dir });
    await assert.rejects(second.refreshCached(), (e: VehicleError) => e.code === 'AUTH_FAILED' && e.otpRequired === true);
    assert.equal(logins(), 1, 'the session does not ask the same refused login twice');
    assert.equal(second.tokenStatus().state, 'reauth-required');
  });

  it('writes no password, PIN check value, one-time code or token to the log', async () => {
    const account = ca({ otp: otp(), tokenStoreDir: tempDir() });
    await account.lock();
    sim.control.expireAccessTokens();
    await account.refreshCached();
    const text = log.lines.join('\n');
    assert.ok(log.lines.length > 0, 'the session did log');
    for (const secret of [sim.credentials.ca.password, sim.credentials.ca.otp, sim.credentials.ca.username]) {
      assert.ok(!text.includes(secret), `a secret reached the log: ${secret}`);
    }
    assert.doesNotMatch(text, /eyJlbmMi/, 'an access token');
    assert.doesNotMatch(text, /[A-Za-z]{32}/, 'a pAuth');
    // The 4-digit PIN standing alone (ISO times in the log have no four digits in a row but the year).
    assert.doesNotMatch(text, new RegExp(`(^|[^0-9])${sim.credentials.ca.pin}([^0-9]|$)`), 'the PIN');
  });
});
