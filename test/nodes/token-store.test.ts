// The config node keeps its session's tokens under <userDir>/hyundai-kia/, encrypted with Node-RED's
// credentialSecret, so that a restart of Node-RED does not log in again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NODES, account, actionFlow, helper, roundTrip } from './flow-helper';
import { startSim } from './sim';
import type { Sim } from './sim';

const lib = require(path.resolve(__dirname, '../../dist/nodes/lib/account/index.js')) as { activeSessionCount(): number };

describe('token store of the config node (against the simulator)', function () {
  let sim: Sim;
  let userDir: string;
  let original: Record<string, unknown>;
  before(async () => {
    sim = await startSim();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-nodes-'));
    original = helper.settings({});
  });
  after(async () => {
    helper.settings({ userDir: original.userDir, credentialSecret: original.credentialSecret });
    fs.rmSync(userDir, { recursive: true, force: true });
    await sim.close();
  });
  afterEach(() => helper.unload());

  it('persists the session under <userDir>/hyundai-kia, without a secret in clear, and uses it after a restart', async () => {
    helper.settings({ userDir, credentialSecret: 'a-node-red-credential-secret' });
    const eu = sim.credentials.eu;
    const flow = actionFlow(
      { id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' },
      account('acc', { apiBaseUrl: sim.url }),
    );
    const creds = { acc: { username: eu.username, password: eu.password, pin: eu.pin } };

    await helper.load(NODES, flow, creds);
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    await helper.unload();
    assert.equal(lib.activeSessionCount(), 0, 'the restart below cannot reuse a live session');
    const dir = path.join(userDir, 'hyundai-kia');
    const files = fs.readdirSync(dir);
    assert.ok(files.length >= 1, 'a token file');
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'latin1');
      for (const secret of [eu.password, eu.refreshToken, eu.username])
        assert.ok(!text.includes(secret), `${file} holds a secret in clear`);
    }

    const logins = sim.counters().tokenCalls.password;
    await helper.load(NODES, flow, creds);
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    assert.equal(sim.counters().tokenCalls.password, logins, 'the restarted runtime used the stored session');
  });
});
