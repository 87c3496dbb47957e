// Australia, New Zealand and India against the simulator's own AU/NZ/India tenants: sign-in, status
// with the charge level and lock state, a confirmed lock, a storm of reads after expiry with one
// token call, the session kept across a restart from the token store, and nothing secret in the log.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Account, AccountOptions, Brand, VehicleError } from '../../../nodes/lib';
import { makeStamp } from '../../../nodes/lib/simulator/stamp';
import { harness, secretsOf, type Harness } from './helpers';

/** A Stamp the Kia India app would make: valid, so only the India rule can refuse it. */
const validIndiaStamp = () => makeStamp('00000000-69cd-4660-b75d-277ae15379dd', Math.floor(Date.now() / 1000));

type Variant = 'au' | 'nz' | 'in';
const TENANTS: Array<[Variant, Brand]> = [
  ['au', 'kia'],
  ['au', 'hyundai'],
  ['nz', 'kia'],
  ['in', 'hyundai'],
  ['in', 'kia'],
];

describe('Account on the Australian, New Zealand and Indian clouds (simulator)', () => {
  let h: Harness;
  const open = (region: Variant, brand: Brand, overrides: Partial<AccountOptions> = {}): Account => {
    const account = h.eu({ region, brand, authMode: 'password', credentials: h.sim.credentials[region], ...overrides });
    return account;
  };
  const variantSecrets = () => (['au', 'nz', 'in'] as const).map((r) => h.sim.credentials[r].password).filter((s) => s.length >= 6);

  beforeEach(async () => {
    h = await harness();
  });

  afterEach(async () => {
    for (const secret of [...secretsOf(h.sim), ...variantSecrets()]) {
      for (const line of h.log.lines) assert.ok(!line.includes(secret), `a secret reached the log: ${line}`);
    }
    await h.close();
  });

  for (const [region, brand] of TENANTS) {
    it(`${region} ${brand}: signs in, reads the charge level and lock state, and locks with a confirmation`, async () => {
      const account = open(region, brand);
      const [car] = await account.vehicles();
      assert.equal(car.protocol, 'eu');
      const counters = h.sim.control.counters().tokenCallsByRegion[region];
      assert.deepEqual([counters.password, counters.code], [1, 1], 'one sign-in, one code exchange on its own tenant');
      const truth = h.sim.control.trueState(car.id);
      const cached = await account.refreshCached();
      assert.equal(cached.state.ev?.soc, Math.round(truth.ev.soc));
      assert.equal(typeof cached.state.locked, 'boolean');
      assert.ok(cached.state.updatedAt, 'the time of the data, read in the region zone');
      assert.ok(cached.state.location, 'the parked location from location/park');
      // AU/NZ statuses carry no odometer; India's comes from setting/alert/maintenance.
      assert.equal(cached.state.odometer?.value ?? null, region === 'in' ? Math.round(truth.odometer) : null);
      assert.equal((await account.unlock()).result, 'success');
      assert.equal(h.sim.control.trueState(car.id).locked, false);
      const locked = await account.lock();
      assert.equal(locked.result, 'success', 'confirmed through the action records');
      assert.equal(h.sim.control.trueState(car.id).locked, true);
      assert.equal((await account.refreshForce()).state.locked, true);
    });
  }

  for (const region of ['au', 'nz', 'in'] as const) {
    const brand: Brand = 'kia';

    it(`${region}: a storm of 50 reads after the server expired the token costs one token call`, async () => {
      const account = open(region, brand);
      await account.refreshCached();
      const before = h.sim.control.counters().tokenCallsByRegion[region];
      h.sim.control.expireAccessTokens();
      const results = await Promise.all(Array.from({ length: 50 }, () => account.refreshCached()));
      assert.equal(results.length, 50);
      const after = h.sim.control.counters().tokenCallsByRegion[region];
      assert.equal(after.refresh + after.password + after.code - before.refresh - before.password - before.code, 1);
      assert.equal(after.refresh - before.refresh, 1, 'the refresh grant (raw token, Basic + Stamp) was accepted');
    });

    it(`${region}: the session survives a restart from the token store, with no new sign-in`, async () => {
      const dir = h.tempDir();
      const first = open(region, brand, { tokenStoreDir: dir });
      await first.refreshCached();
      await first.close();
      const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
      assert.ok(files.length >= 1, 'a token file was written');
      for (const file of files) assert.ok(!readFileSync(join(dir, file), 'utf8').includes(h.sim.credentials[region].password));
      h.sim.control.expireAccessTokens();
      const second = open(region, brand, { tokenStoreDir: dir });
      await second.refreshCached();
      const counters = h.sim.control.counters().tokenCallsByRegion[region];
      assert.equal(counters.password, 1, 'the stored refresh token was used instead of the password');
      assert.equal(counters.refresh, 1);
    });
  }

  it('au: runs the climate on the Australian temperature table and moves the windows and the charge port', async () => {
    const account = open('au', 'hyundai');
    const [car] = await account.vehicles();
    assert.equal((await account.startClimate(undefined, { temperature: 21 })).result, 'success');
    assert.equal(h.sim.control.trueState(car.id).climate.temperature, 21, 'the cloud read "08H" as 21 °C (17 °C base)');
    assert.equal((await account.refreshForce()).state.climate.temperature, 21);
    await assert.rejects(account.startClimate(undefined, { temperature: 28 }), (e: VehicleError) => e.code === 'INVALID_INPUT');
    assert.equal((await account.setWindows(undefined, 'open')).result, 'success');
    assert.equal((await account.openChargePort()).result, 'success');
    assert.equal(h.sim.control.trueState(car.id).ev.chargePortOpen, true);
    assert.equal((await account.setChargeTargets(undefined, { ac: 90, dc: 80 })).result, 'success');
    assert.equal((await account.startCharge()).result, 'success');
    await assert.rejects(account.setChargingCurrent(undefined, 90), (e: VehicleError) => e.code === 'UNSUPPORTED');
  });

  it('au: a CCS2 car reads its CCS2 status, forces it asynchronously and locks through the CCS2 paths', async () => {
    const id = h.sim.control.addCar('au', 'eu-ccs2-ev');
    const account = open('au', 'kia');
    const car = (await account.vehicles()).find((v) => v.id === id);
    assert.equal(car?.protocol, 'eu-ccs2');
    const cached = await account.refreshCached(id);
    assert.equal(cached.state.ev?.soc, Math.round(h.sim.control.trueState(id).ev.soc));
    assert.equal((await account.unlock(id)).result, 'success');
    assert.equal((await account.refreshForce(id)).state.locked, false);
    assert.ok(h.sim.control.counters().apiCalls['POST /api/v2/spa/vehicles/:id/ccs2/control/door'] >= 1);
  });

  it('in: climate through control/engine, the charge port with deviceID, no windows', async () => {
    const account = open('in', 'hyundai');
    const [car] = await account.vehicles();
    assert.equal((await account.startClimate(undefined, { temperature: 22 })).result, 'success');
    assert.equal(h.sim.control.trueState(car.id).climate.on, true);
    assert.equal((await account.stopClimate()).result, 'success');
    assert.equal(h.sim.control.trueState(car.id).climate.on, false);
    assert.ok(h.sim.control.counters().apiCalls['POST /api/v2/spa/vehicles/:id/control/engine'] >= 1);
    assert.equal((await account.openChargePort()).result, 'success');
    const before = h.sim.control.counters().commands;
    await assert.rejects(account.setWindows(undefined, 'open'), (e: VehicleError) => e.code === 'UNSUPPORTED');
    assert.equal(h.sim.control.counters().commands, before, 'no call for an unsupported command');
  });

  it('in: sends no Stamp on vehicle calls, so a gateway that refuses one (4017) still answers', async () => {
    await h.close();
    h = await harness({ indiaRefusesSpaStamp: true });
    const account = open('in', 'kia');
    const [car] = await account.vehicles();
    assert.equal(typeof (await account.refreshCached()).state.ev?.soc, 'number');
    assert.equal((await account.lock()).result, 'success');
    // The same call with a Stamp is refused: the check above could have failed.
    const token = await fetch(`${h.sim.url}/api/v1/spa/vehicles/${car.id}/status/latest`, {
      headers: { 'ccsp-service-id': 'd0fe4855-7527-4be0-ab6e-a481216c705d', Stamp: validIndiaStamp(), Authorization: 'Bearer x' },
    });
    assert.equal(token.status, 401);
    assert.equal(((await token.json()) as { resCode?: string }).resCode, '4017');
  });

  it('au: a refused refresh token (400 / 4002) is cured by one sign-in with the stored password', async () => {
    const account = open('au', 'kia');
    await account.refreshCached();
    h.sim.control.revokeRefreshTokens();
    h.sim.control.expireAccessTokens();
    assert.equal(typeof (await account.refreshCached()).state.ev?.soc, 'number');
    const calls = h.sim.control.counters().tokenCallsByRegion.au;
    assert.deepEqual([calls.refresh, calls.password], [1, 2], 'one refused refresh, then one sign-in');
    assert.equal(account.tokenStatus().state, 'ready');
  });

  it('reports a wrong password and an expired password as AUTH_FAILED, naming what to do', async () => {
    const wrong = open('au', 'kia', { credentials: { ...h.sim.credentials.au, password: 'not-the-password' } });
    await assert.rejects(wrong.vehicles(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    h.sim.control.setPasswordExpired('in', true);
    const expired = open('in', 'kia');
    await assert.rejects(
      expired.vehicles(),
      (e: VehicleError) => e.code === 'AUTH_FAILED' && /step 5/.test(e.message) && /password/.test(e.message),
    );
  });

  it('refuses brands a region does not have, before any call', async () => {
    assert.throws(
      () => open('nz', 'hyundai'),
      (e: VehicleError) => e.code === 'CONFIG_INVALID' && /kia/.test(e.message),
    );
    assert.throws(
      () => open('au', 'genesis'),
      (e: VehicleError) => e.code === 'CONFIG_INVALID',
    );
    assert.equal(Object.keys(h.sim.control.counters().apiCalls).length, 0);
  });
});
