// The config node on the Australian, New Zealand and Indian clouds: the dialog's region reaches the
// library's region table, a status node reads the car and a lock node locks it, against the simulator.
import assert from 'node:assert/strict';
import { accountOptionsFrom } from '../../nodes/red/account-options';
import { NODES, account, actionFlow, helper, roundTrip } from './flow-helper';
import { startSim } from './sim';
import type { Sim } from './sim';

const logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('account node on the AU, NZ and India regions (against the simulator)', function () {
  let sim: Sim;
  before(async () => {
    sim = await startSim();
  });
  after(() => sim.close());
  afterEach(() => helper.unload());

  it('signs in with a password on every variant, whatever login mode an older dialog saved', () => {
    for (const region of ['au', 'nz', 'in']) {
      assert.equal(accountOptionsFrom({ region, brand: 'kia', authMode: 'refreshToken' }, {}, {}, logger).authMode, 'password', region);
    }
    assert.equal(accountOptionsFrom({ region: 'nz' }, {}, {}, logger).brand, 'kia', 'the only NZ brand is the default');
    assert.throws(() => accountOptionsFrom({ region: 'nz', brand: 'hyundai' }, {}, {}, logger), { code: 'CONFIG_INVALID' });
  });

  for (const [region, brand] of [
    ['au', 'hyundai'],
    ['nz', 'kia'],
    ['in', 'kia'],
  ] as const) {
    it(`${region}: a status node answers the charge level and lock state; a lock node locks with a confirmation`, async () => {
      const login = sim.credentials[region];
      const creds = { acc: { username: login.username, password: login.password, pin: login.pin } };
      const acc = account('acc', { apiBaseUrl: sim.url, region, brand });
      await helper.load(NODES, actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' }, acc), creds);
      const status = await roundTrip('n1', { payload: '' });
      assert.equal(status.at, 'out', JSON.stringify(status.msg.error));
      const state = status.msg.payload as { ev: { soc: number }; locked: boolean };
      assert.equal(typeof state.ev.soc, 'number');
      assert.equal(typeof state.locked, 'boolean');
      await helper.unload();

      await helper.load(
        NODES,
        actionFlow({ id: 'n1', type: 'hyundai-kia-lock', account: 'acc', action: 'lock', confirm: true }, acc),
        creds,
      );
      const locked = await roundTrip('n1', { payload: 'lock' }, 15_000);
      assert.equal(locked.at, 'out', JSON.stringify(locked.msg.error));
      assert.equal((locked.msg.payload as { result: string }).result, 'success');
      assert.ok(sim.counters().tokenCallsByRegion[region].password >= 1, 'signed in on its own tenant');
    });
  }
});
