// Answers that are not what they should be, from a real simulator over HTTP: a 2xx that is not the
// cloud's answer is a cloud fault (CLOUD_UNAVAILABLE, retried), never a refusal; a command whose
// answer is lost says maybeSent; lifetimes out of range neither loop nor break a date.
import assert from 'node:assert/strict';
import { VehicleError } from '../../../nodes/lib';
import { TOKEN_LIFETIME_SECONDS, lifetimeSeconds, readTokenAnswer } from '../../../nodes/lib/clouds/answers';
import { harness, secretsOf, type Harness } from '../account/helpers';

const GARBAGE = ['empty', 'html', 'foreign'] as const;

describe("hardening: answers that are not the cloud's", () => {
  let h: Harness;
  let random: () => number;

  beforeEach(async () => {
    // No jitter: the session's backoff pauses are 0 ms, so the retries run at once (no sleeping).
    random = Math.random;
    Math.random = () => 0;
    h = await harness({ euCars: ['eu-legacy-ev', 'eu-ccs2-ev'] });
  });

  afterEach(async () => {
    Math.random = random;
    for (const secret of secretsOf(h.sim)) {
      for (const line of h.log.lines) assert.ok(!line.includes(secret), `a secret reached the log: ${line}`);
    }
    await h.close();
  });

  for (const kind of GARBAGE) {
    it(`EU token endpoint answering 200 ${kind}: retried, the call succeeds, never re-login required`, async () => {
      const account = h.eu();
      h.sim.control.failNext(kind, 2, '/oauth2/token');
      const list = await account.vehicles();
      assert.equal(list.length, 2);
      const status = account.tokenStatus();
      assert.equal(status.state, 'ready');
      const c = h.sim.control.counters();
      assert.equal(c.injectedFailures, 2);
      assert.equal(c.tokenCalls.refresh, 1, 'the two garbled answers never reached the token route');
      assert.equal(c.reuseDetections, 0);
    });

    it(`US token endpoint answering 200 ${kind} every time: CLOUD_UNAVAILABLE after the retries, not AUTH_FAILED, and the next call works`, async () => {
      const account = h.us();
      h.sim.control.failNext(kind, 3, '/oauth/token');
      const err = (await account.vehicles().catch((e: unknown) => e)) as VehicleError;
      assert.equal(err.code, 'CLOUD_UNAVAILABLE', err.message);
      assert.equal(err.retryable, true);
      assert.match(err.message, /could not be read/);
      assert.notEqual(account.tokenStatus().state, 'reauth-required');
      assert.equal((await account.vehicles()).length, 1);
      assert.equal(account.tokenStatus().state, 'ready');
    });
  }

  it('a refused refresh token is still AUTH_FAILED: re-login required only for the documented refusal', async () => {
    const account = h.eu();
    h.sim.control.revokeRefreshTokens();
    await assert.rejects(account.vehicles(), { code: 'AUTH_FAILED' });
    assert.equal(account.tokenStatus().state, 'reauth-required');
  });

  it('an unreadable car list is CLOUD_UNAVAILABLE, not "no cars" (CONFIG_INVALID)', async () => {
    const account = h.eu();
    await account.refreshToken();
    for (const kind of [...GARBAGE, 'truncated'] as const) {
      h.sim.control.failNext(kind, 1, '/spa/vehicles');
      await assert.rejects(account.vehicles(), (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE' && e.retryable, kind);
    }
    assert.equal((await account.vehicles()).length, 2);
  });

  it('an unreadable status is CLOUD_UNAVAILABLE, not INVALID_INPUT, on both clouds', async () => {
    const eu = h.eu();
    const car = (await eu.vehicles())[0].id;
    for (const kind of [...GARBAGE, 'truncated'] as const) {
      h.sim.control.failNext(kind, 3, '/status/latest');
      h.sim.control.failNext(kind, 3, '/carstatus/latest');
      await assert.rejects(eu.refreshCached(car), (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE', `EU ${kind}`);
      h.sim.control.reset();
    }
    const us = h.us();
    await us.vehicles();
    h.sim.control.failNext('foreign', 3, '/vehicleStatus');
    await assert.rejects(us.refreshCached(), { code: 'CLOUD_UNAVAILABLE' });
  });

  it('a command whose answer is lost: CLOUD_UNAVAILABLE with maybeSent, never "sent"; the car did act', async () => {
    const account = h.eu();
    const car = (await account.vehicles()).find((v) => v.protocol === 'eu')!.id;
    await account.unlock(car, { confirm: true });
    h.sim.control.failNext('truncated', 1, '/control/door');
    const before = h.sim.control.counters().commands;
    const err = (await account.lock(car, { confirm: false }).catch((e: unknown) => e)) as VehicleError;
    assert.equal(err.code, 'CLOUD_UNAVAILABLE');
    assert.equal(err.maybeSent, true);
    assert.equal(h.sim.control.counters().commands, before + 1, 'sent exactly once, not resent');
  });

  it('a command answered by a portal page: maybeSent too (nothing shows whether the cloud took it); the US command without a transaction id as well', async () => {
    const account = h.eu();
    const car = (await account.vehicles()).find((v) => v.protocol === 'eu')!.id;
    h.sim.control.failNext('html', 1, '/control/door');
    await assert.rejects(
      account.lock(car, { confirm: false }),
      (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE' && e.maybeSent === true,
    );
    const us = h.us();
    await us.vehicles();
    h.sim.control.failNext('empty', 1, '/rdo/off');
    await assert.rejects(
      us.lock(undefined, { confirm: false }),
      (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE' && e.maybeSent === true,
    );
  });

  it('a PIN check answered with a portal page is CLOUD_UNAVAILABLE (the command was not sent), not "check the PIN"', async () => {
    const account = h.eu();
    const car = (await account.vehicles()).find((v) => v.protocol === 'eu-ccs2')!.id;
    const before = h.sim.control.counters().commands;
    h.sim.control.failNext('html', 1, '/user/pin');
    const err = (await account.lock(car, { confirm: false }).catch((e: unknown) => e)) as VehicleError;
    assert.equal(err.code, 'CLOUD_UNAVAILABLE', err.message);
    assert.equal(err.maybeSent, false, 'the PIN check comes before the command: surely not sent');
    assert.equal(h.sim.control.counters().commands, before);
    assert.notEqual(account.tokenStatus().state, 'reauth-required');
  });

  it('a PIN control token with a negative lifetime is taken as the documented 600 s: one PIN check for two commands', async () => {
    const account = h.eu();
    const car = (await account.vehicles()).find((v) => v.protocol === 'eu-ccs2')!.id;
    h.sim.control.setTokenLifetimes({ euControl: -5 });
    const before = h.sim.control.counters().tokenCalls.control;
    await account.lock(car, { confirm: true });
    await account.unlock(car, { confirm: true });
    assert.equal(h.sim.control.counters().tokenCalls.control - before, 1);
  });

  it('a command refused before it left (connection refused) is not maybeSent', async () => {
    const account = h.eu({ apiBaseUrl: 'http://127.0.0.1:9' });
    const err = (await account.lock('any', { confirm: false }).catch((e: unknown) => e)) as VehicleError;
    assert.equal(err.code, 'CLOUD_UNAVAILABLE');
    assert.match(err.message, /cannot reach the cloud \(ECONNREFUSED\)/);
    assert.notEqual(err.maybeSent, true);
  });

  it('a confirm poll that cannot be read ends as "unconfirmed", never as an error after the car was commanded', async () => {
    const account = h.eu();
    const car = (await account.vehicles()).find((v) => v.protocol === 'eu')!.id;
    h.sim.control.failNext('html', 1000, '/records');
    const result = await account.lock(car, { confirm: true, confirmTimeoutSeconds: 1 });
    assert.equal(result.result, 'unconfirmed');
  });

  for (const [stated, why] of [
    [-3600, 'negative'],
    [0, 'zero'],
    ['soon', 'not a number'],
    [1e300, 'huge'],
    [Number.MAX_SAFE_INTEGER, 'beyond any date'],
  ] as const) {
    it(`a token lifetime that is ${why} neither refreshes before every call nor breaks tokenStatus()`, async () => {
      const account = h.eu();
      h.sim.control.setTokenLifetimes({ euAccess: stated as number });
      await account.refreshToken();
      const status = account.tokenStatus();
      assert.equal(status.state, 'ready');
      assert.ok(status.expiresAt === null || !Number.isNaN(Date.parse(status.expiresAt)));
      const refreshes = h.sim.control.counters().tokenCalls.refresh;
      for (let i = 0; i < 5; i++) await account.vehicles();
      assert.equal(h.sim.control.counters().tokenCalls.refresh, refreshes, 'no refresh per call');
      assert.doesNotThrow(() => JSON.stringify(account.tokenStatus()));
    });
  }
});

describe('hardening: reading a token answer', () => {
  const fields = { access: 'access_token', refresh: 'refresh_token', lifetime: 'expires_in', defaultLifetimeSeconds: 3600 };

  it('takes a well-formed answer, with the lifetime as a number or a numeric string', () => {
    assert.deepEqual(readTokenAnswer({ access_token: 'a', refresh_token: 'r', expires_in: '1799' }, fields), {
      accessToken: 'a',
      refreshToken: 'r',
      tokenType: undefined,
      lifetimeSeconds: 1799,
    });
  });

  it('throws CLOUD_UNAVAILABLE (retryable) for anything else', () => {
    for (const data of [
      '',
      '<html></html>',
      '{"access_tok',
      null,
      [],
      { status: 'ok' },
      { access_token: '' },
      { access_token: 42 },
      { access_token: 'a', refresh_token: 7 },
    ]) {
      assert.throws(
        () => readTokenAnswer(data, fields),
        (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE' && e.retryable,
        JSON.stringify(data),
      );
    }
  });

  it('clamps lifetimes: missing or not positive is the documented default, the rest within bounds', () => {
    assert.equal(lifetimeSeconds(undefined, 3600), 3600);
    assert.equal(lifetimeSeconds(-5, 3600), 3600);
    assert.equal(lifetimeSeconds('x', 1799), 1799);
    assert.equal(lifetimeSeconds(Infinity, 1799), 1799);
    assert.equal(lifetimeSeconds(0.001, 3600), TOKEN_LIFETIME_SECONDS.min);
    assert.equal(lifetimeSeconds(1e12, 3600), TOKEN_LIFETIME_SECONDS.max);
    assert.equal(lifetimeSeconds(4, 3600), 4);
  });
});
