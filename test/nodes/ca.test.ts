// A Canadian account in a real Node-RED: without a trusted device the message waits for the one-time
// code Canada sends, given through the account's otp route (the dialog's Submit); once the device was trusted (a sign-in with the code through the
// library, into the node's own token store) the nodes read and lock the car with no code, also after
// the token expired server-side.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Account, AccountOptions } from '../../nodes/lib';
import { NODES, account, actionFlow, helper, roundTrip, until } from './flow-helper';
import { startSim, type Sim } from './sim';

const lib = require(path.resolve(__dirname, '../../dist/nodes/lib/index.js')) as { createAccount(o: AccountOptions): Account };

describe('Canadian account in Node-RED (against the simulator)', function () {
  const SECRET = 'a-node-red-credential-secret';
  let sim: Sim;
  let userDir: string;
  let original: Record<string, unknown>;

  beforeEach(async () => {
    sim = await startSim();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-ca-'));
    original = helper.settings({});
    helper.settings({ userDir, credentialSecret: SECRET });
  });
  afterEach(async () => {
    await helper.unload();
    helper.settings({ userDir: original.userDir, credentialSecret: original.credentialSecret });
    fs.rmSync(userDir, { recursive: true, force: true });
    await sim.close();
  });

  const creds = () => ({
    acc: { username: sim.credentials.ca.username, password: sim.credentials.ca.password, pin: sim.credentials.ca.pin },
  });
  const caAccount = () => account('acc', { region: 'ca', brand: 'kia', apiBaseUrl: sim.url, keepaliveMinutes: 0 });

  it('an untrusted device: the message waits for the code Canada sends; Submit answers it, and the device is trusted', async () => {
    await helper.load(NODES, actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' }, caAccount()), creds());
    const answered = roundTrip('n1', { payload: 'cached' }, 20_000);
    await until(() => sim.control.caCounters().codesSent === 1, 'Canada sent a code');
    const token = await helper.request().get('/hyundai-kia/accounts/acc/token');
    assert.equal(token.body.state, 'otp-required');
    const submitted = await helper.request().post('/hyundai-kia/accounts/acc/otp').send({ code: sim.credentials.ca.otp });
    assert.equal(submitted.status, 200);
    assert.ok(!JSON.stringify(submitted.body).includes(sim.credentials.ca.otp), 'the code is never echoed');
    const answer = await answered;
    assert.equal(answer.at, 'out');
    assert.equal((answer.msg.payload as { ev: { soc: number } }).ev.soc, 80);
    assert.equal(sim.control.caCounters().codesSent, 1, 'one code for the whole sign-in');
  });

  it('a device trusted once: status and a confirmed lock with no code, and a re-login after expiry needs none', async () => {
    // The first sign-in, with the code, stores the tokens and the device id where the node looks.
    const first = lib.createAccount({
      region: 'ca',
      brand: 'kia',
      apiBaseUrl: sim.url,
      credentials: creds().acc,
      tokenStoreDir: path.join(userDir, 'hyundai-kia'),
      tokenStoreSecret: SECRET,
      autoRefresh: false,
      otp: { provide: async () => sim.credentials.ca.otp },
    });
    await first.vehicles();
    await first.close();
    sim.control.resetCounters();

    await helper.load(NODES, actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' }, caAccount()), creds());
    const status = await roundTrip('n1', { payload: 'cached' });
    assert.equal(status.at, 'out');
    const state = status.msg.payload as { locked: boolean; ev: { soc: number } };
    assert.equal(state.ev.soc, 80);
    assert.equal(state.locked, true);
    assert.equal(sim.control.caCounters().logins, 0, 'the stored session');

    sim.control.expireAccessTokens();
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    assert.equal(sim.control.caCounters().logins, 1);
    assert.equal(sim.control.caCounters().codesSent, 0);
    await helper.unload();

    await helper.load(
      NODES,
      actionFlow({ id: 'n2', type: 'hyundai-kia-lock', account: 'acc', action: 'unlock', confirm: true }, caAccount()),
      creds(),
    );
    const unlocked = await roundTrip('n2', { payload: 'unlock' });
    assert.equal(unlocked.at, 'out');
    assert.equal((unlocked.msg.payload as { result: string }).result, 'success');
    const [car] = sim.control.vehicles().filter((v) => v.region === 'ca');
    assert.equal(sim.control.trueState(car.vehicleId).locked, false);
    // Nothing in the token store shows the password, the code or the username in clear.
    for (const file of fs.readdirSync(path.join(userDir, 'hyundai-kia'))) {
      const text = fs.readFileSync(path.join(userDir, 'hyundai-kia', file), 'latin1');
      for (const secret of [sim.credentials.ca.password, sim.credentials.ca.otp, sim.credentials.ca.username])
        assert.ok(!text.includes(secret), `${file} shows a secret`);
    }
  });
});
