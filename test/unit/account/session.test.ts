// The session under the Account, against the simulator's strict clouds: storms, rotation across a
// restart, revoked refresh tokens, shared sessions, and the EU faults the client must absorb.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VehicleError } from '../../../nodes/lib';
import { activeSessionCount } from '../../../nodes/lib/account';
import { harness, type Harness } from './helpers';

describe('Account session on strict clouds (simulator)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness();
  });

  afterEach(async () => {
    await h.close();
  });

  for (const region of ['eu', 'us'] as const) {
    it(`${region}: a storm of 100 calls after the token expired costs exactly one token call`, async () => {
      const account = region === 'eu' ? h.eu() : h.us();
      await account.refreshCached();
      const before = h.sim.control.counters().tokenCallsByRegion[region];
      h.sim.control.expireAccessTokens();
      const results = await Promise.all(Array.from({ length: 100 }, () => account.refreshCached()));
      assert.equal(results.length, 100);
      const after = h.sim.control.counters().tokenCallsByRegion[region];
      assert.equal(after.refresh + after.password - before.refresh - before.password, 1);
      assert.equal(h.sim.control.counters().reuseDetections, 0);
      assert.equal(account.tokenStatus().retriesAfterExpiry >= 1, true);
    });

    it(`${region}: the rotated refresh token is used after a restart, never the spent one`, async () => {
      const dir = h.tempDir();
      const first = region === 'eu' ? h.eu({ tokenStoreDir: dir }) : h.us({ tokenStoreDir: dir });
      await first.refreshCached();
      h.sim.control.expireAccessTokens();
      await first.refreshCached(); // rotates the refresh token
      await first.close();
      const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
      assert.ok(files.length >= 1, 'a token file was written');
      for (const file of files) {
        const text = readFileSync(join(dir, file), 'utf8');
        for (const secret of [h.sim.credentials.eu.refreshToken, h.sim.credentials.us.password]) assert.ok(!text.includes(secret));
      }
      h.sim.control.expireAccessTokens();
      const second = region === 'eu' ? h.eu({ tokenStoreDir: dir }) : h.us({ tokenStoreDir: dir });
      await second.refreshCached();
      const counters = h.sim.control.counters();
      assert.equal(counters.reuseDetections, 0, 'the spent refresh token was never sent again');
      assert.equal(counters.tokenCallsByRegion[region].password, region === 'eu' ? 0 : 1, 'no new login was needed');
    });
  }

  it('eu: a revoked refresh token without a password is terminal after exactly one token call', async () => {
    const account = h.eu();
    await account.refreshCached();
    h.sim.control.revokeRefreshTokens();
    h.sim.control.expireAccessTokens();
    const before = h.sim.control.counters().tokenCalls;
    await assert.rejects(account.refreshCached(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    assert.equal(account.tokenStatus().state, 'reauth-required');
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    await assert.rejects(account.refreshCached(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    const after = h.sim.control.counters().tokenCalls;
    assert.equal(after.refresh + after.password + after.code - before.refresh - before.password - before.code, 1);
  });

  it('eu: with the password known, a revoked refresh token leads to a fresh login', async () => {
    const account = h.eu({ authMode: 'password', credentials: h.sim.credentials.eu });
    await account.refreshCached();
    h.sim.control.revokeRefreshTokens();
    h.sim.control.expireAccessTokens();
    const status = await account.refreshCached();
    assert.equal(status.source, 'cached');
    assert.equal(h.sim.control.counters().tokenCallsByRegion.eu.password, 2);
    assert.equal(account.tokenStatus().state, 'ready');
  });

  it('us: a revoked refresh token falls back to the password login', async () => {
    const account = h.us();
    await account.refreshCached();
    h.sim.control.revokeRefreshTokens();
    h.sim.control.expireAccessTokens();
    await account.refreshCached();
    assert.equal(h.sim.control.counters().tokenCallsByRegion.us.password, 2);
  });

  it('two accounts with the same credentials share one session: one token call, one refresh', async () => {
    const a = h.eu();
    const b = h.eu();
    await Promise.all([a.refreshCached(), b.refreshCached()]);
    h.sim.control.expireAccessTokens();
    await Promise.all([a.refreshCached(), b.refreshCached(), a.refreshCached()]);
    assert.equal(h.sim.control.counters().tokenCalls.refresh, 2, 'one refresh to start, one after the expiry');
    assert.equal(h.sim.control.counters().reuseDetections, 0);
    const sessions = activeSessionCount();
    await a.close();
    assert.equal(activeSessionCount(), sessions, 'the session lives while b uses it');
    assert.equal((await b.refreshCached()).source, 'cached');
    await b.close();
    assert.equal(activeSessionCount(), sessions - 1);
  });

  it("an isolated account (the editor's test login) checks its own password, not the live session", async () => {
    const live = h.eu({ authMode: 'password', credentials: h.sim.credentials.eu });
    await live.refreshCached();
    const wrong = h.eu({ authMode: 'password', credentials: { ...h.sim.credentials.eu, password: 'not-the-password' }, isolated: true });
    await assert.rejects(wrong.vehicles(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    const right = h.eu({ authMode: 'password', credentials: h.sim.credentials.eu, isolated: true });
    assert.equal((await right.vehicles()).length, 1);
    assert.equal(live.tokenStatus().state, 'ready', 'the live session is untouched');
    await right.close();
    await wrong.close();
    assert.equal((await live.refreshCached()).source, 'cached');
  });

  it('eu: concurrent first calls register one device and read the car list once', async () => {
    const account = h.eu();
    await Promise.all([account.refreshCached(), account.lock(undefined, { confirm: false }), account.vehicles(), account.refreshCached()]);
    const counters = h.sim.control.counters();
    assert.equal(counters.deviceRegistrations, 1);
    assert.equal(counters.apiCalls['GET /api/v1/spa/vehicles'], 1);
  });

  it('eu: an invalidated device id is re-registered once, transparently', async () => {
    const account = h.eu();
    await account.refreshCached();
    h.sim.control.invalidateDeviceIds();
    assert.equal((await account.lock()).result, 'success');
    const counters = h.sim.control.counters();
    assert.equal(counters.deviceRegistrations, 2);
    assert.equal(counters.deviceIdRejections, 1);
  });

  it('eu: quota, a sleeping car, a busy car and a broken cloud come out as their codes', async () => {
    const account = h.eu();
    await account.refreshCached();

    h.sim.control.setUnreachable('4081');
    await assert.rejects(account.refreshForce(), (e: VehicleError) => e.code === 'VEHICLE_UNREACHABLE');
    h.sim.control.setUnreachable('non-response');
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'VEHICLE_UNREACHABLE');
    h.sim.control.setUnreachable(false);

    // Another app (a second client of the same cloud account) has a command in flight.
    h.sim.control.setCommandDelay(300);
    const other = h.eu({ authMode: 'password', credentials: h.sim.credentials.eu });
    const first = other.unlock(undefined, { confirm: false });
    await first;
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'VEHICLE_BUSY' && e.retryable);
    h.sim.control.setCommandDelay(40);

    h.sim.control.failNext('5031', 1);
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE');

    // Last, because a cloud that says its quota is used up pauses the account until the reset.
    h.sim.control.exhaustQuota('eu');
    await assert.rejects(account.refreshForce(), (e: VehicleError) => e.code === 'RATE_LIMITED' && e.cloudCode === '5091');
  });

  it('eu: a read that meets a reset connection is retried; a command is never sent twice', async () => {
    const account = h.eu();
    await account.refreshCached();
    h.sim.control.failNext('reset', 1, 'status/latest');
    assert.equal((await account.refreshCached()).source, 'cached');
    const commands = h.sim.control.counters().commands;
    h.sim.control.failNext('reset', 1, 'control/door');
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE');
    assert.equal(h.sim.control.counters().commands, commands, 'the reset command was not replayed');
  });

  it('eu: results stuck at null end as "unconfirmed" after the confirm timeout', async () => {
    const account = h.eu();
    h.sim.control.stickResultsAtNull(true);
    const result = await account.lock(undefined, { confirmTimeoutSeconds: 1 });
    assert.equal(result.result, 'unconfirmed');
    assert.ok(result.durationMs >= 1000);
  });
});
