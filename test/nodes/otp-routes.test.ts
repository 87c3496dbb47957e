// Kia USA's one-time code in Node-RED: the account's `otp-required` badge, the two otp admin routes
// (permission hyundai-kia.write, never echoing the code), a Submit that turns the nodes green without
// a re-deploy, and a Test login that waits for its code.
import assert from 'node:assert/strict';
import { ACCOUNT_MODULE, NODES, account, actionFlow, helper, statusesOf, until } from './flow-helper';
import { startSim } from './sim';
import type { Sim } from './sim';

/** The session's badges are shared texts (the account's catalogue, `common.status`). */
const key = (k: string) => `node-red-contrib-hyundai-kia/hyundai-kia-account:hyundai-kia-account.common.status.${k}`;

describe('one-time code routes (Kia USA, against the simulator)', function () {
  let sim: Sim;
  let sent: string[];
  let creds: Record<string, string>;
  beforeEach(async () => {
    sent = [];
    sim = await startSim({ otpLog: (line) => sent.push(line) });
    const kia = sim.credentials.usKia;
    creds = { username: kia.username, password: kia.password, pin: kia.pin };
  });
  afterEach(async () => {
    await helper.unload();
    await sim.close();
  });

  const kiaAccount = (props: Record<string, unknown> = {}) =>
    account('acc', { region: 'us', brand: 'kia', apiBaseUrl: sim.url, otpMethod: 'email', ...props });
  const flow = (props: Record<string, unknown> = {}) =>
    actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' }, kiaAccount(props));
  const noCode = (body: unknown): void => {
    const text = JSON.stringify(body);
    assert.ok(!text.includes(sim.credentials.usKia.otp), 'the code was echoed');
    assert.ok(!text.includes(sim.credentials.usKia.password), 'the password was echoed');
  };

  it('a message meets the code request: red "enter the code sent by email"; Submit signs in and the node turns green, no re-deploy', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const answered = new Promise<Record<string, unknown>>((resolve) => helper.getNode('out').on('input', resolve));
    helper.getNode('n1').receive({ payload: '' });
    await until(() => statusesOf('n1').some((s) => s.text === key('otpRequiredEmail')), 'otp badge');
    assert.deepEqual(
      statusesOf('n1').find((s) => s.text === key('otpRequiredEmail')),
      { fill: 'red', shape: 'ring', text: key('otpRequiredEmail') },
    );
    const token = await helper.request().get('/hyundai-kia/accounts/acc/token');
    assert.equal(token.body.state, 'otp-required');
    assert.match(sent[0], /sent by EMAIL/);

    const wrongShape = await helper.request().post('/hyundai-kia/accounts/acc/otp').send({ code: 'x' });
    assert.equal(wrongShape.status, 400);
    assert.equal(wrongShape.body.error.code, 'INVALID_INPUT');

    const submitted = await helper.request().post('/hyundai-kia/accounts/acc/otp').send({ code: sim.credentials.usKia.otp });
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body.state, 'ready');
    noCode(submitted.body);
    const msg = await answered;
    assert.equal((msg.payload as { ev: { soc: number } }).ev.soc, 68);
    await until(() => statusesOf('n1').at(-1)?.fill === 'green', 'green badge');
    assert.equal(sim.counters().kiaUs.otpVerified, 1);
  });

  it('"Send code" by SMS starts the sign-in, the code comes by SMS, a second press resends it', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const bad = await helper.request().post('/hyundai-kia/accounts/acc/otp/send').send({ method: 'pigeon' });
    assert.equal(bad.status, 400);
    const first = await helper.request().post('/hyundai-kia/accounts/acc/otp/send').send({ method: 'sms' });
    assert.equal(first.status, 200);
    assert.equal(first.body.state, 'otp-required');
    assert.match(sent.at(-1) ?? '', /sent by SMS/);
    await until(() => statusesOf('n1').some((s) => s.text === key('otpRequiredSms')), 'sms badge');
    const again = await helper.request().post('/hyundai-kia/accounts/acc/otp/send').send({ method: 'email' });
    assert.equal(again.status, 200);
    assert.equal(sim.counters().kiaUs.otpSent, 2);
    assert.equal(sim.counters().kiaUs.otpRequests, 1, 'a resend is not a new sign-in');
    const submitted = await helper.request().post('/hyundai-kia/accounts/acc/otp').send({ code: sim.credentials.usKia.otp });
    assert.equal(submitted.body.state, 'ready');
    noCode([first.body, again.body, submitted.body]);
  });

  it('a code when none is awaited is refused without reaching the cloud; unknown accounts are 404', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const early = await helper.request().post('/hyundai-kia/accounts/acc/otp').send({ code: '123456' });
    assert.equal(early.status, 400);
    assert.equal(early.body.error.code, 'CONFIG_INVALID');
    assert.equal(sim.counters().kiaUs.authUser, 0);
    const missing = await helper.request().post('/hyundai-kia/accounts/nope/otp/send').send({ method: 'email' });
    assert.equal(missing.status, 404);
  });

  it("Test login meets the code request, waits for the dialog's code, and then lists the car", async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const form = { id: 'acc', region: 'us', brand: 'kia', apiBaseUrl: sim.url, otpMethod: 'email', ...creds };
    const asked = await helper.request().post('/hyundai-kia/test-login').send(form);
    assert.equal(asked.status, 200);
    assert.equal(asked.body.ok, false);
    assert.equal(asked.body.otpRequired, true);
    assert.equal(asked.body.token.state, 'otp-required');
    const done = await helper.request().post('/hyundai-kia/accounts/acc/otp').send({ code: sim.credentials.usKia.otp });
    assert.equal(done.status, 200);
    assert.equal(done.body.state, 'ready');
    assert.equal(done.body.vehicles[0].protocol, 'us-kia');
    noCode(done.body);
  });

  it('the otp routes need hyundai-kia.write: 401 without a login and for a read-only user', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const auth = require('@node-red/editor-api/lib/auth') as { init(settings: unknown, storage: unknown): void };
    const sessions = { getSessions: async () => ({}), saveSessions: async () => undefined };
    auth.init(
      {
        adminAuth: {
          type: 'credentials',
          users: [{ username: 'reader', password: 'x', permissions: 'read' }],
          tokens: [{ token: 'reader-token', user: 'reader', scope: ['read'] }],
        },
      },
      sessions,
    );
    try {
      const withRealAuth = (red: { auth: unknown }) => {
        red.auth = auth;
        return ACCOUNT_MODULE(red);
      };
      await helper.load([withRealAuth, ...NODES.slice(1)], flow(), { acc: creds });
      for (const [url, body] of [
        ['/hyundai-kia/accounts/acc/otp/send', { method: 'email' }],
        ['/hyundai-kia/accounts/acc/otp', { code: '123456' }],
      ] as const) {
        assert.equal((await helper.request().post(url).send(body)).status, 401, url);
        assert.equal((await helper.request().post(url).set('Authorization', 'Bearer reader-token').send(body)).status, 401, url);
      }
      assert.equal(sim.counters().kiaUs.authUser, 0);
    } finally {
      auth.init({}, sessions);
    }
  });
});
