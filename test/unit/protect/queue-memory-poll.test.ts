// The per-car command queue (bounded, identical commands shared), the last known state on disk, the
// account's poll (fake timers) and the session events, against the simulator.
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import type { VehicleError } from '../../../nodes/lib';
import { harness, type Harness } from '../account/helpers';

const STATUS_LATEST = 'GET /api/v1/spa/vehicles/:id/status/latest';

describe('Protection: queue, last known state, poll and events (simulator)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('identical commands waiting for one car cost one cloud call, and each caller gets the answer', async () => {
    const account = h.eu();
    await account.refreshCached();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => account.lock()));
    assert.ok(results.every((r) => r.result === 'success' && r.command === 'lock'));
    assert.equal(h.sim.control.counters().commands, 1);
    // Different options are a different command.
    await Promise.all([account.unlock(), account.unlock(undefined, { confirm: false })]);
    assert.equal(h.sim.control.counters().commandsByName.unlock, 2);
  });

  it('lock, unlock, lock: a command after a different one is its own call, so the car ends as last asked', async () => {
    const account = h.eu();
    const [car] = await account.vehicles();
    await Promise.all([account.lock(), account.unlock(), account.lock(), account.lock()]);
    assert.deepEqual(h.sim.control.counters().commandsByName, { lock: 2, unlock: 1 }, 'the last two locks share one call');
    assert.equal(h.sim.control.trueState(car.id).locked, true);
  });

  it('a car has at most 10 commands at a time: the 11th is VEHICLE_BUSY at once, without a call', async () => {
    const account = h.eu();
    await account.refreshCached();
    const ten = Array.from({ length: 10 }, (_, i) => account.startClimate(undefined, { temperature: 16 + i / 2 }));
    await assert.rejects(
      account.startClimate(undefined, { temperature: 25 }),
      (e: VehicleError) => e.code === 'VEHICLE_BUSY' && /10 commands/.test(e.message),
    );
    assert.ok((await Promise.all(ten)).every((r) => r.result === 'success'));
    assert.equal(h.sim.control.counters().commands, 10);
    assert.equal((await account.stopClimate()).result, 'success', 'the queue frees its places');
  });

  it('the last good state survives a restart (encrypted beside the token store) and is served without a call', async () => {
    const dir = h.tempDir();
    const first = h.eu({ tokenStoreDir: dir });
    const read = await first.refreshCached();
    await first.close();
    const calls = JSON.stringify(h.sim.control.counters().apiCalls);

    const second = h.eu({ tokenStoreDir: dir });
    const known = await second.lastKnownState();
    assert.ok(known);
    assert.equal(known.stale, true);
    assert.deepEqual(known.state, read.state);
    assert.equal((await second.lastKnownState(read.vehicle.vin))?.vehicle.id, read.vehicle.id);
    assert.equal(await second.lastKnownState('NOPE'), null);
    assert.equal(JSON.stringify(h.sim.control.counters().apiCalls), calls, 'no cloud call');

    const files = readdirSync(dir);
    assert.ok(
      files.some((f) => f.endsWith('.state.json')),
      files.join(),
    );
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      assert.ok(!text.includes(read.vehicle.vin) && !text.includes('"locked"'), `${f} holds the state in clear`);
    }
  });

  it('poll: one cached read per car and interval however many accounts share the session; updates on change only', async () => {
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const accounts = [h.eu({ pollMinutes: 1 }), h.eu({ pollMinutes: 1 }), h.eu({ pollMinutes: 1 })];
      const updates: unknown[] = [];
      accounts[2].on('update', (u) => updates.push(u));
      const reads = (): number => h.sim.control.counters().apiCalls[STATUS_LATEST] ?? 0;
      const readsReach = async (n: number): Promise<void> => {
        while (reads() < n) await new Promise((resolve) => setImmediate(resolve));
      };

      const first = once(accounts[2], 'update');
      await clock.tickAsync(0);
      await first;
      assert.equal(reads(), 1);

      await clock.tickAsync(60_000);
      await readsReach(2);
      await clock.tickAsync(59_000);
      assert.equal(reads(), 2, 'one read per interval');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(updates.length, 1, 'an unchanged state is no update');

      // Another app locks the car: the cloud's copy changes, the next poll tells.
      const other = h.eu({ authMode: 'password', credentials: h.sim.credentials.eu });
      const locked = (await accounts[0].refreshCached()).state.locked;
      const command = locked ? other.unlock(undefined, { confirm: false }) : other.lock(undefined, { confirm: false });
      await command;
      await clock.tickAsync(100); // the simulated car acts and reports back
      const changed = once(accounts[2], 'update');
      await clock.tickAsync(1_000);
      const [update] = (await changed) as [{ state: { locked: boolean } }];
      assert.equal(update.state.locked, !locked);
    } finally {
      clock.uninstall();
    }
  });

  it('events: a refresh, a failed refresh with code and attempts, and a re-login', async () => {
    const account = h.eu();
    await account.refreshCached();
    const seen: Array<{ event: string; code?: string; attempts?: number; at: string }> = [];
    account.on('event', (e) => seen.push(e));
    await account.refreshToken();
    h.sim.control.revokeRefreshTokens();
    await assert.rejects(account.refreshToken(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    assert.deepEqual(
      seen.map((e) => e.event),
      ['token-refreshed', 'refresh-failed', 'reauth-required'],
    );
    assert.equal(seen[1].code, 'AUTH_FAILED');
    assert.equal(seen[1].attempts, 1);
    assert.ok(seen.every((e) => !Number.isNaN(Date.parse(e.at))));
    assert.deepEqual(
      account
        .recentEvents()
        .slice(-3)
        .map((e) => e.event),
      ['token-refreshed', 'refresh-failed', 'reauth-required'],
    );
    const text = JSON.stringify(account.recentEvents());
    assert.ok(!text.includes(h.sim.credentials.eu.refreshToken));
  });
});
