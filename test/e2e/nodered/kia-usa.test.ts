// Kia USA in a real Node-RED against the simulator as an independent cloud (its own process): the
// first read waits for the one-time code, the code given over the admin route answers it; then the
// remembered device survives a Node-RED restart: after the cloud expired every session, the account
// signs in again with the stored remember-me token and its device id, and no code is asked.
import assert from 'node:assert/strict';
import { NodeRed, SimulatorProcess, httpDriven, tab } from '../harness';
import type { Answer } from '../harness';

describe('Kia USA with a one-time code in a real Node-RED', function () {
  this.timeout(60_000);
  let cloud: SimulatorProcess;
  let red: NodeRed;

  before(async function () {
    this.timeout(90_000);
    cloud = await SimulatorProcess.start();
    red = await NodeRed.start();
    const kia = cloud.credentials.usKia;
    await red.deploy([
      tab('k1', 'Kia USA'),
      {
        id: 'kia-acc',
        type: 'hyundai-kia-account',
        name: 'Kia USA',
        region: 'us',
        brand: 'kia',
        authMode: 'password',
        otpMethod: 'email',
        apiBaseUrl: cloud.url,
        refreshBufferMinutes: 5,
        keepaliveMinutes: 60,
        autoRefresh: true,
        credentials: { username: kia.username, password: kia.password, pin: kia.pin },
      },
      ...httpDriven('k1', '/kia/status', { id: 'kia-status', type: 'hyundai-kia-status', account: 'kia-acc', mode: 'cached' }),
    ]);
  });

  after(async function () {
    this.timeout(40_000);
    await red?.stop();
    await cloud?.stop();
  });

  const state = async (): Promise<string> => (await red.admin('GET', '/hyundai-kia/accounts/kia-acc/token')).body.state as string;
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (const end = Date.now() + 15_000; !(await check());) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('the first read waits for the code; the code over the admin route answers it', async () => {
    const read: Promise<Answer> = red.http('POST', '/kia/status', {});
    await until(async () => (await state()) === 'otp-required', 'otp-required');
    assert.match(cloud.log.read(), /one-time code \d+ sent by EMAIL/);
    const submitted = await red.admin('POST', '/hyundai-kia/accounts/kia-acc/otp', { body: { code: cloud.credentials.usKia.otp } });
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.body.state, 'ready');
    const answer = await read;
    assert.equal(answer.body.at, 'out', answer.text);
    assert.equal(answer.body.payload.ev.soc, 68);
    assert.equal(answer.body.payload.locked, true);
    const counts = (await cloud.counters()).kiaUs;
    assert.deepEqual([counts.otpSent, counts.otpVerified, counts.signIns], [1, 1, 1]);
  });

  it('after a restart and an expired session the remembered device signs in again with no code', async () => {
    await red.restart();
    await cloud.control('expireKiaSessions');
    const before = (await cloud.counters()).kiaUs;
    const answer = await red.http('POST', '/kia/status', {});
    assert.equal(answer.body.at, 'out', answer.text);
    const after = (await cloud.counters()).kiaUs;
    assert.equal(after.otpRequests, before.otpRequests, 'no code was asked');
    assert.equal(after.rememberedSignIns - before.rememberedSignIns, 1, 'one sign-in with the stored remember-me token');
    assert.ok(after.sessionExpired > before.sessionExpired, 'the stored session id was tried first');
    assert.equal(await state(), 'ready');
  });

  it('nothing secret in the Node-RED log: no password, no code', () => {
    const log = red.log.read();
    assert.ok(!log.includes(cloud.credentials.usKia.password), 'the password reached the log');
    assert.ok(!log.includes(cloud.credentials.usKia.otp), 'the code reached the log');
  });
});
