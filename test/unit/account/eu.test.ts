import assert from 'node:assert/strict';
import { VehicleError, type Account } from '../../../nodes/lib';
import { apiCalls, harness, secretsOf, type Harness } from './helpers';

describe('Account on the EU cloud (simulator)', () => {
  let h: Harness;
  let account: Account;
  let ids: { legacy: string; ccs2: string; phev: string };

  beforeEach(async () => {
    h = await harness({ euCars: ['eu-legacy-ev', 'eu-ccs2-ev', 'eu-ccs2-phev'] });
    account = h.eu();
    const list = await account.vehicles();
    ids = {
      legacy: list.find((v) => v.protocol === 'eu')!.id,
      ccs2: list.find((v) => v.protocol === 'eu-ccs2' && v.type === 'EV')!.id,
      phev: list.find((v) => v.type === 'PHEV')!.id,
    };
  });

  afterEach(async () => {
    for (const secret of secretsOf(h.sim)) {
      for (const line of h.log.lines) assert.ok(!line.includes(secret), `a secret reached the log: ${line}`);
    }
    await h.close();
  });

  it('lists the cars with their protocol and type, and no cloud internals', async () => {
    const list = await account.vehicles();
    assert.equal(list.length, 3);
    assert.deepEqual(new Set(list.map((v) => v.protocol)), new Set(['eu', 'eu-ccs2']));
    for (const v of list) {
      assert.deepEqual(Object.keys(v).sort(), ['id', 'model', 'name', 'protocol', 'type', 'vin']);
      assert.match(v.vin, /^[A-Z0-9]{17}$/);
    }
  });

  it('reads cached status without waking the car, and forced status by waking it', async () => {
    for (const id of Object.values(ids)) {
      const before = h.sim.control.counters().forceRefreshes;
      const cached = await account.refreshCached(id);
      assert.equal(cached.source, 'cached');
      assert.equal(cached.vehicle.id, id);
      assert.equal(h.sim.control.counters().forceRefreshes, before);
      const forced = await account.refreshForce(id);
      assert.equal(forced.source, 'force');
      assert.equal(h.sim.control.counters().forceRefreshes, before + 1);
      assert.equal(typeof forced.state.ev?.soc, 'number');
      assert.ok(forced.state.updatedAt && Date.parse(forced.state.updatedAt) >= Date.parse(cached.state.updatedAt ?? '1970-01-01'));
    }
  });

  it('finds a car by VIN as well as by id', async () => {
    const vin = (await account.vehicles()).find((v) => v.id === ids.phev)!.vin;
    const status = await account.refreshCached(vin.toLowerCase());
    assert.equal(status.vehicle.id, ids.phev);
  });

  it('refuses to guess between several cars (CONFIG_INVALID) and names an unknown car', async () => {
    await assert.rejects(account.refreshCached(), (e: VehicleError) => e.code === 'CONFIG_INVALID' && /3 cars/.test(e.message));
    await assert.rejects(account.refreshCached('NOPE'), (e: VehicleError) => e.code === 'CONFIG_INVALID');
  });

  it('smart refresh wakes the car only when the cloud copy is older than maxAgeMinutes', async () => {
    const fresh = await account.refreshForce(ids.legacy);
    assert.equal(fresh.source, 'force');
    const smart = await account.refreshSmart(ids.legacy, 60);
    assert.equal(smart.source, 'cached');
    const forced = await account.refreshSmart(ids.legacy, 0);
    assert.equal(forced.source, 'force');
  });

  it('locks and unlocks both car generations, confirmed by the car, and the state follows', async () => {
    for (const id of [ids.legacy, ids.ccs2]) {
      const unlocked = await account.unlock(id);
      assert.equal(unlocked.result, 'success');
      assert.equal(unlocked.command, 'unlock');
      assert.ok(unlocked.actionId);
      assert.equal((await account.refreshForce(id)).state.locked, false);
      await account.lock(id);
      assert.equal((await account.refreshForce(id)).state.locked, true);
    }
  });

  it('runs the climate with a temperature and stops it', async () => {
    for (const id of [ids.legacy, ids.ccs2]) {
      const started = await account.startClimate(id, { temperature: 22.5, defrost: true, heating: true, durationMinutes: 10 });
      assert.equal(started.result, 'success');
      const on = (await account.refreshForce(id)).state.climate;
      assert.equal(on.on, true);
      assert.equal(on.temperature, 22.5);
      await account.stopClimate(id);
      assert.equal((await account.refreshForce(id)).state.climate.on, false);
    }
  });

  it('manages charging: start, stop, port, targets, current', async () => {
    await account.startCharge(ids.ccs2);
    assert.equal((await account.refreshForce(ids.ccs2)).state.ev?.charging, true);
    await account.stopCharge(ids.ccs2);
    assert.equal((await account.refreshForce(ids.ccs2)).state.ev?.charging, false);
    await account.openChargePort(ids.ccs2);
    assert.equal((await account.refreshForce(ids.ccs2)).state.ev?.chargePortOpen, true);
    await account.closeChargePort(ids.ccs2);
    await account.setChargeTargets(ids.ccs2, { ac: 80, dc: 90 });
    assert.deepEqual((await account.refreshForce(ids.ccs2)).state.ev?.targetSoc, { ac: 80, dc: 90 });
    await account.setChargeTargets(ids.ccs2, { ac: 70 });
    assert.deepEqual((await account.refreshForce(ids.ccs2)).state.ev?.targetSoc, { ac: 70, dc: 90 }, 'the side left out is kept');
    await account.setChargingCurrent(ids.ccs2, 60);
    assert.equal((await account.refreshForce(ids.ccs2)).state.ev?.chargingCurrent, 60);
  });

  it('moves the windows', async () => {
    const result = await account.setWindows(ids.ccs2, 'vent');
    assert.equal(result.result, 'success');
    const windows = (await account.refreshForce(ids.ccs2)).state.windows;
    assert.equal(windows.frontLeft, true, 'vented windows are open');
    await account.setWindows(ids.ccs2, 'close');
    assert.equal((await account.refreshForce(ids.ccs2)).state.windows.frontLeft, false);
  });

  it('sends without waiting when confirm is false, and the action can be checked later', async () => {
    const sent = await account.lock(ids.legacy, { confirm: false });
    assert.equal(sent.result, 'sent');
    assert.ok(sent.actionId);
    let status = await account.checkActionStatus(ids.legacy, sent.actionId!);
    assert.equal(status.actionId, sent.actionId);
    assert.ok(['pending', 'success'].includes(status.result));
    await new Promise((r) => setTimeout(r, 80));
    status = await account.checkActionStatus(ids.legacy, sent.actionId!);
    assert.equal(status.result, 'success');
  });

  it('says UNSUPPORTED for the charging current of a legacy car, with no command sent', async () => {
    const before = h.sim.control.counters().commands;
    await assert.rejects(account.setChargingCurrent(ids.legacy, 90), (e: VehicleError) => e.code === 'UNSUPPORTED');
    assert.equal(h.sim.control.counters().commands, before);
  });

  it('serialises commands per car: concurrent commands never meet a busy car', async () => {
    h.sim.control.setCommandDelay(60);
    const results = await Promise.all([account.lock(ids.ccs2), account.unlock(ids.ccs2), account.lock(ids.ccs2)]);
    assert.deepEqual(
      results.map((r) => r.result),
      ['success', 'success', 'success'],
    );
    assert.equal(h.sim.control.counters().busyRejections, 0);
  });

  it('keeps the car reserved after an unconfirmed send: a burst never meets a busy car', async () => {
    h.sim.control.setCommandDelay(60);
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => (i % 2 ? account.lock(ids.ccs2, { confirm: false }) : account.unlock(ids.ccs2, { confirm: false }))),
    );
    assert.deepEqual(
      results.map((r) => r.result),
      ['sent', 'sent', 'sent', 'sent'],
    );
    assert.equal(h.sim.control.counters().busyRejections, 0);
    const after = await account.lock(ids.ccs2);
    assert.equal(after.result, 'success');
  });

  it('bad input costs no cloud call and says what is allowed', async () => {
    const before = apiCalls(h.sim);
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [account.startClimate(ids.legacy, { temperature: 35 }), /14 to 30/],
      [account.startClimate(ids.legacy, { temperature: 21.3 }), /steps of 0.5/],
      [account.startClimate(ids.legacy, { durationMinutes: 0 }), /durationMinutes/],
      [account.setChargeTargets(ids.ccs2, { ac: 85 }), /from 50 to 100 in steps of 10/],
      [account.setChargeTargets(ids.ccs2, {}), /at least one/],
      [account.setChargingCurrent(ids.ccs2, 75 as never), /100, 90 or 60/],
      [account.setWindows(ids.ccs2, 'half' as never), /open", "close" or "vent/],
      [account.lock(42 as never), /vehicle/],
      [account.lock(ids.legacy, { confirm: 'yes' as never }), /confirm/],
      [account.refreshSmart(ids.legacy, -1), /maxAgeMinutes/],
      [account.checkActionStatus(ids.legacy, ''), /actionId/],
    ];
    for (const [promise, message] of cases) {
      await assert.rejects(promise, (e: VehicleError) => e.code === 'INVALID_INPUT' && message.test(e.message));
    }
    assert.equal(apiCalls(h.sim), before);
  });
});
