import assert from 'node:assert/strict';
import type { Account, VehicleError } from '../../../nodes/lib';
import { apiCalls, harness, secretsOf, type Harness } from './helpers';

describe('Account on the US Hyundai cloud (simulator)', () => {
  let h: Harness;
  let account: Account;

  beforeEach(async () => {
    h = await harness();
    account = h.us();
  });

  afterEach(async () => {
    for (const secret of secretsOf(h.sim)) {
      for (const line of h.log.lines) assert.ok(!line.includes(secret), `a secret reached the log: ${line}`);
    }
    await h.close();
  });

  it('logs in with the password and lists the only car', async () => {
    const [car] = await account.vehicles();
    assert.equal(car.protocol, 'us-hyundai');
    assert.equal(car.type, 'EV');
    assert.equal(h.sim.control.counters().tokenCallsByRegion.us.password, 1);
  });

  it('reads cached and forced status; only the forced one wakes the car', async () => {
    const cached = await account.refreshCached();
    assert.equal(cached.source, 'cached');
    assert.equal(h.sim.control.counters().forceRefreshes, 0);
    const forced = await account.refreshForce();
    assert.equal(forced.source, 'force');
    assert.equal(h.sim.control.counters().forceRefreshes, 1);
    assert.equal(typeof forced.state.ev?.soc, 'number');
    assert.equal(forced.state.range?.unit, 'mi');
  });

  it('locks, unlocks, runs the climate in °F and charges, each confirmed through getRunningStatus', async () => {
    assert.equal((await account.unlock()).result, 'success');
    assert.equal((await account.refreshForce()).state.locked, false);
    assert.equal((await account.lock()).result, 'success');
    assert.equal((await account.refreshForce()).state.locked, true);
    assert.equal((await account.startClimate(undefined, { temperature: 72 })).result, 'success');
    const climate = (await account.refreshForce()).state.climate;
    assert.equal(climate.on, true);
    assert.equal(climate.temperature, 72);
    assert.equal((await account.stopClimate()).result, 'success');
    assert.equal((await account.startCharge()).result, 'success');
    assert.equal((await account.refreshForce()).state.ev?.charging, true);
    assert.equal((await account.stopCharge()).result, 'success');
    assert.equal((await account.setChargeTargets(undefined, { ac: 90, dc: 80 })).result, 'success');
    assert.deepEqual((await account.refreshForce()).state.ev?.targetSoc, { ac: 90, dc: 80 });
    assert.ok(h.sim.control.counters().apiCalls['GET /ac/v2/rmt/getRunningStatus'] >= 7);
  });

  it('says UNSUPPORTED for what US Blue Link lacks, before any call', async () => {
    const before = apiCalls(h.sim);
    await account.vehicles(); // the car list is needed to know the car
    const afterList = apiCalls(h.sim);
    assert.ok(afterList > before);
    for (const call of [
      () => account.setWindows(undefined, 'open'),
      () => account.openChargePort(),
      () => account.closeChargePort(),
      () => account.setChargingCurrent(undefined, 90),
    ]) {
      await assert.rejects(call(), (e: VehicleError) => e.code === 'UNSUPPORTED');
    }
    assert.equal(h.sim.control.counters().commands, 0);
  });

  it('checks the US temperature range in °F', async () => {
    await assert.rejects(
      account.startClimate(undefined, { temperature: 22 }),
      (e: VehicleError) => e.code === 'INVALID_INPUT' && /62 to 82/.test(e.message),
    );
  });

  it('maps the daily limit to RATE_LIMITED and an unreachable car to VEHICLE_UNREACHABLE', async () => {
    h.sim.control.setUnreachable(true);
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'VEHICLE_UNREACHABLE');
    h.sim.control.setUnreachable(false);
    // Last, because a cloud that says its quota is used up pauses the account until the reset.
    h.sim.control.exhaustQuota('us');
    await assert.rejects(account.refreshForce(), (e: VehicleError) => e.code === 'RATE_LIMITED' && e.cloudCode === 'HT_534');
  });
});
