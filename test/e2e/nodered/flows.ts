// Status and commands through real flows: http-in → action node → http-response, on an EU account
// in refreshToken mode against the simulated cloud.
import assert from 'node:assert/strict';
import { NODE, badgesOf, current, drive, until } from './world';

export function flowSuite(): void {
  describe('status and commands through flows', () => {
    it('reads the status: msg.payload is the VehicleState, msg.vehicle the car, msg.stale and msg.lastUpdated set', async () => {
      const { car } = current();
      const answer = await drive(NODE.status.route, {});
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.at, 'out', answer.text);
      const state = answer.body.payload;
      for (const key of ['updatedAt', 'locked', 'doors', 'windows', 'climate', 'ev', 'range', 'odometer', 'battery12v', 'tires']) {
        assert.ok(key in state, `VehicleState has ${key}`);
      }
      assert.equal(typeof state.ev.soc, 'number');
      assert.equal(answer.body.vehicle.id, car.id);
      assert.equal(answer.body.stale, false);
      assert.ok(!Number.isNaN(Date.parse(answer.body.lastUpdated)), 'lastUpdated is an ISO time');
    });

    it('reads from the car when the payload asks for mode "force": one forced read in the cloud', async () => {
      const { cloud } = current();
      const before = await cloud.counters();
      const answer = await drive(NODE.status.route, { mode: 'force' });
      assert.equal(answer.body.at, 'out', answer.text);
      assert.equal(answer.body.stale, false);
      assert.equal((await cloud.counters()).forceRefreshes - before.forceRefreshes, 1);
    });

    it('locks with the car\'s confirmation: a blue ring while waiting, then a green "locked"', async () => {
      const { car, cloud } = current();
      const before = await cloud.counters();
      // The node's own confirm: true waits for the car's answer (the library polls every 5 s).
      const locked = await drive(NODE.lock.route, {});
      assert.equal(locked.body.at, 'out', locked.text);
      assert.deepEqual([locked.body.payload.command, locked.body.payload.result], ['lock', 'success']);
      assert.equal(locked.body.payload.vehicle.id, car.id);
      assert.equal((await cloud.control<{ locked: boolean }>('trueState', car.id)).locked, true);
      assert.equal((await cloud.counters()).commands - before.commands, 1, 'one command reached the cloud');
      const badges = await badgesOf(NODE.lock.id);
      assert.ok(
        badges.some((b) => b.fill === 'blue' && b.shape === 'ring'),
        `a blue ring while waiting for the car: ${JSON.stringify(badges)}`,
      );
      assert.deepEqual(badges.at(-1), { node: NODE.lock.id, fill: 'green', shape: 'dot', text: 'locked' });
      const status = await drive(NODE.status.route, {});
      assert.equal(status.body.payload.locked, true, 'the cached status shows the lock');
    });

    it('unlocks as the message says (payload object overrides the action and confirm, msg.vehicle is the VIN)', async () => {
      const { car, cloud } = current();
      const unlocked = await drive(NODE.lock.route, { action: 'unlock', confirm: false }, car.vin);
      assert.equal(unlocked.body.at, 'out', unlocked.text);
      assert.deepEqual([unlocked.body.payload.command, unlocked.body.payload.result], ['unlock', 'sent']);
      assert.equal(unlocked.body.payload.vehicle.id, car.id);
      await until(async () => (await cloud.control<{ locked: boolean }>('trueState', car.id)).locked === false, 'the car unlocked');
    });

    it('US: reads the status and sends a lock on a Blue Link US account', async () => {
      const { cloud } = current();
      const usCar = (await cloud.vehicles()).find((v) => v.region === 'us');
      const before = await cloud.counters();
      const status = await drive(NODE.usStatus.route, {});
      assert.equal(status.body.at, 'out', status.text);
      assert.equal(status.body.vehicle.vin, usCar?.vin);
      assert.equal(typeof status.body.payload.ev.soc, 'number');
      const locked = await drive(NODE.usLock.route, {});
      assert.equal(locked.body.at, 'out', locked.text);
      assert.equal(locked.body.payload.result, 'sent');
      const after = await cloud.counters();
      assert.equal(after.commands - before.commands, 1);
      assert.equal(after.tokenCallsByRegion.us.password - before.tokenCallsByRegion.us.password, 1, 'one US login');
    });

    // The car stays reserved while the library follows an unconfirmed command, so each of these waits up to one poll (5 s).
    it("starts the climate with the node's settings (temperature 21)", async () => {
      const { car, cloud } = current();
      const before = await cloud.counters();
      const climate = await drive(NODE.climate.route, { confirm: false });
      assert.equal(climate.body.at, 'out', climate.text);
      assert.equal(climate.body.payload.result, 'sent');
      assert.match(climate.body.payload.command, /climate/i);
      assert.equal((await cloud.counters()).commands - before.commands, 1);
      await until(async () => {
        const truth = await cloud.control<{ climate: { on: boolean; temperature: number } }>('trueState', car.id);
        return truth.climate.on && truth.climate.temperature === 21;
      }, 'the climate on at 21 °C');
    });

    it('starts charging when the payload string says so (the node is set to stop)', async () => {
      const { car, cloud } = current();
      const before = await cloud.counters();
      const charge = await drive(NODE.charge.route, 'start');
      assert.equal(charge.body.at, 'out', charge.text);
      assert.equal(charge.body.payload.result, 'sent');
      assert.equal((await cloud.counters()).commands - before.commands, 1);
      await until(async () => (await cloud.control<{ ev: { charging: boolean } }>('trueState', car.id)).ev.charging, 'the car charging');
    });
  });
}
