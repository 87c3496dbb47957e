// EU password mode is the OneApp/CCI sign-in: real HTTP against the simulator's strict CCI cloud
// (cookies, one-use codes, strict rotation). What a new EU owner gets: a sign-in, status, commands,
// one CCI refresh for a storm, the rotated chain across a restart, and errors that say what to do.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VehicleError, type Account, type AccountOptions, type Brand } from '../../../nodes/lib';
import { createHttp } from '../../../nodes/lib/clouds/http';
import { EuClient } from '../../../nodes/lib/clouds/eu/client';
import { FileTokenStore, TokenManager } from '../../../nodes/lib/session';
import { captureLog, harness, secretsOf, type Harness } from './helpers';

const BRANDS: Brand[] = ['hyundai', 'kia', 'genesis'];

describe('Account on the EU cloud: password mode = the OneApp/CCI sign-in', () => {
  let h: Harness;
  const password = (overrides: Partial<AccountOptions> = {}): Account =>
    h.eu({ authMode: 'password', credentials: h.sim.credentials.eu, ...overrides });
  const cci = () => h.sim.control.counters().cci;

  /** The strategy the account uses, on its own (no session, no retries). */
  const client = (brand: Brand = 'kia', credentials = h.sim.credentials.eu) =>
    new EuClient({
      http: createHttp(),
      brand,
      authMode: 'password',
      apiBaseUrl: h.sim.url,
      credentials,
      now: Date.now,
      sleep: async () => undefined,
    });

  /** Every token of the stored set (CCS token, CCI set), to check that none reached a log. */
  async function storedSecrets(dir: string, brand: Brand = 'kia'): Promise<string[]> {
    const identity = client(brand).strategy.identity;
    assert.ok(identity, 'the EU strategy names its identity');
    const stored = await new FileTokenStore({ dir }).load(identity);
    assert.ok(stored, 'the token store holds the session');
    const {
      accessToken,
      refreshToken,
      cci: set,
    } = stored.tokens as unknown as { accessToken: string; refreshToken: string; cci: Record<string, string> };
    return [accessToken.replace(/^Bearer /, ''), refreshToken, ...Object.values(set)].filter((s) => s.length >= 16);
  }

  beforeEach(async () => {
    h = await harness({ euCars: ['eu-legacy-ev', 'eu-ccs2-ev'] });
  });

  afterEach(async () => {
    for (const secret of secretsOf(h.sim)) {
      for (const line of h.log.lines) assert.ok(!line.includes(secret), `a secret reached the log: ${line}`);
    }
    await h.close();
  });

  for (const brand of BRANDS) {
    it(`${brand}: signs in through authorize, certs, signin, code and exchange, and reads the cars`, async () => {
      const account = password({ brand });
      assert.equal((await account.vehicles()).length, 2);
      const counters = h.sim.control.counters();
      assert.deepEqual(
        {
          authorize: counters.cci.authorize,
          signin: counters.cci.signin,
          code: counters.cci.code,
          exchange: counters.cci.exchange,
          refresh: counters.cci.refresh,
        },
        { authorize: 1, signin: 1, code: 1, exchange: 1, refresh: 0 },
      );
      assert.equal(counters.tokenCalls.refresh, 0, 'no identity-server refresh grant in password mode');
      const status = account.tokenStatus();
      assert.equal(status.state, 'ready');
      assert.equal(status.hasRefreshToken, true);
      // The CCS token lives a day (expiresTime 86400), not the CCI token's hour.
      assert.ok(status.secondsUntilExpiry! > 86_000, `${status.secondsUntilExpiry} s`);
    });
  }

  it("reads the cached status of a legacy and a CCS2 car, and locks with the car's confirmation", async () => {
    const account = password();
    const cars = await account.vehicles();
    for (const protocol of ['eu', 'eu-ccs2']) {
      const car = cars.find((v) => v.protocol === protocol)!;
      const status = await account.refreshCached(car.id);
      assert.equal(status.source, 'cached');
      assert.equal(typeof status.state.ev?.soc, 'number', protocol);
    }
    const legacy = cars.find((v) => v.protocol === 'eu')!;
    await account.unlock(legacy.id);
    const locked = await account.lock(legacy.id);
    assert.equal(locked.result, 'success');
    assert.equal(h.sim.control.trueState(legacy.id).locked, true);
    assert.equal(cci().signin, 1, 'one sign-in for all of it');
  });

  it('a storm of 50 reads after the cloud expired every token: one CCI refresh, one exchange, no sign-in, no reuse', async () => {
    const account = password();
    const [car] = await account.vehicles();
    h.sim.control.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 50 }, () => account.refreshCached(car.id)));
    assert.ok(results.every((r) => r.source === 'cached'));
    const counters = h.sim.control.counters();
    assert.equal(counters.cci.refresh, 1);
    assert.equal(counters.cci.exchange, 2, "the sign-in's and the refresh's");
    assert.equal(counters.cci.signin, 1);
    assert.equal(counters.reuseDetections, 0);
    assert.ok(counters.expiredRejections >= 1);
    assert.equal(account.tokenStatus().retriesAfterExpiry >= 1, true);
  });

  it('a restart on the same token store goes on with the rotated CCI chain: no sign-in, no reuse, nothing secret in the log', async () => {
    const dir = h.tempDir();
    const first = password({ tokenStoreDir: dir });
    const [car] = await first.vehicles();
    await first.refreshToken(); // rotates the CCI refresh token: the stored chain must follow
    await first.refreshToken();
    await first.close();
    assert.equal(cci().refresh, 2);

    const second = password({ tokenStoreDir: dir });
    assert.equal((await second.refreshCached(car.id)).source, 'cached');
    assert.equal(cci().signin, 1, 'the stored CCS token is used as it is');
    h.sim.control.expireAccessTokens();
    assert.equal((await second.refreshCached(car.id)).source, 'cached');
    const counters = h.sim.control.counters();
    assert.equal(counters.cci.signin, 1, 'no second sign-in');
    assert.equal(counters.cci.refresh, 3, 'the rotated refresh token was accepted');
    assert.equal(counters.reuseDetections, 0);
    assert.equal(counters.refreshRejections, 0);

    const secrets = [...(await storedSecrets(dir)), h.sim.credentials.eu.password];
    for (const secret of secrets) for (const line of h.log.lines) assert.ok(!line.includes(secret), `a token reached the log: ${line}`);
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
    for (const secret of secrets)
      assert.ok(
        files.every((content) => !content.includes(secret)),
        'a token is stored in clear',
      );
  });

  it('a stored set from before the CCI sign-in (no CCI set) leads to one sign-in, not a refresh with the wrong token', async () => {
    const strategy = client().strategy;
    const fresh = await strategy.refresh({ accessToken: 'Bearer old', refreshToken: 'A'.repeat(48), expiresAt: 0 });
    assert.ok(typeof fresh.cci === 'object');
    assert.equal(cci().signin, 1);
    assert.equal(cci().refresh, 0);
  });

  it('a refused CCI refresh token falls back to a sign-in with the known password', async () => {
    const account = password();
    const [car] = await account.vehicles();
    h.sim.control.revokeRefreshTokens();
    h.sim.control.expireAccessTokens();
    assert.equal((await account.refreshCached(car.id)).source, 'cached');
    assert.equal(cci().refresh, 1, 'the refused refresh');
    assert.equal(cci().signin, 2);
    assert.equal(account.tokenStatus().state, 'ready');
  });

  it('a wrong password is AUTH_FAILED "wrong username or password" and the account waits for the user', async () => {
    const account = password({ credentials: { ...h.sim.credentials.eu, password: 'not-the-password' } });
    await assert.rejects(
      account.vehicles(),
      (e: VehicleError) => e.code === 'AUTH_FAILED' && /wrong username or password/i.test(e.message),
    );
    assert.equal(account.tokenStatus().state, 'reauth-required');
    await assert.rejects(account.vehicles(), (e: VehicleError) => e.code === 'AUTH_FAILED');
    assert.equal(cci().signin, 1, 'no second try with a refused password');
  });

  it("the firewall's block is not a wrong password: a retryable error that says so, and the session recovers by itself", async () => {
    h.sim.control.blockSignIn(true);
    const error = await client()
      .strategy.login()
      .then(
        () => assert.fail('signed in through a firewall block'),
        (e: VehicleError) => e,
      );
    assert.equal(error.code, 'CLOUD_UNAVAILABLE');
    assert.equal(error.retryable, true);
    assert.match(error.message, /firewall/);
    assert.match(error.message, /not a wrong password/);
    assert.match(error.message, /refreshToken/);

    // Through the session: retried (no backoff wait with zero jitter), never reauth-required.
    const log = captureLog();
    const manager = new TokenManager({ strategy: client().strategy, autoRefresh: false, random: () => 0, logger: log.logger });
    await assert.rejects(
      manager.getAccessToken(),
      (e: VehicleError) => e.retryable && e.code !== 'AUTH_FAILED' && /firewall/.test(e.message),
    );
    assert.notEqual(manager.status().state, 'reauth-required');
    assert.equal(h.sim.control.counters().cci.firewallBlocks, 4, 'one login, then three attempts of the session');
    h.sim.control.blockSignIn(false);
    assert.match(await manager.getAccessToken(), /^Bearer /);
    assert.equal(manager.status().state, 'ready');
    await manager.stop();
  });

  it('an exchange that fails after the CCI set rotated is retried with the rotated set: no sign-in, no reuse, even across failed refreshes', async () => {
    const manager = new TokenManager({ strategy: client().strategy, autoRefresh: false, random: () => 0, logger: captureLog().logger });
    await manager.getAccessToken();
    h.sim.control.failNext('5xx', 1, '/auth/token-exchange');
    await manager.refreshTokenSafely();
    let counters = h.sim.control.counters();
    assert.deepEqual([counters.cci.signin, counters.cci.refresh, counters.cci.exchange, counters.reuseDetections], [1, 1, 2, 0]);

    // The exchange stays down for every attempt of one refresh; the next refresh still starts from the rotated set.
    h.sim.control.failNext('5xx', 3, '/auth/token-exchange');
    await assert.rejects(manager.refreshTokenSafely(), (e: VehicleError) => e.code === 'TOKEN_REFRESH_FAILED');
    await manager.refreshTokenSafely();
    counters = h.sim.control.counters();
    assert.deepEqual([counters.cci.signin, counters.cci.refresh, counters.reuseDetections, counters.refreshRejections], [1, 2, 0, 0]);
    assert.equal(manager.status().state, 'ready');
    await manager.stop();
  });

  const steps: Array<[string, string]> = [
    ['authorize', '/oauth2/authorize'],
    ['certs', '/accounts/certs'],
    ['signin', '/auth/account/signin'],
    ['code', '/domain/api/v1/auth/token'],
    ['exchange', '/auth/token-exchange'],
  ];
  for (const [step, path] of steps) {
    it(`a 2xx without a usable answer at ${step} is CLOUD_UNAVAILABLE (retryable), never a refusal`, async () => {
      h.sim.control.failNext('malformed', 1, path);
      await assert.rejects(client().strategy.login(), (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE' && e.retryable);
      assert.ok((await client().strategy.login()).accessToken, 'the next sign-in works');
    });
  }

  it('a 2xx without a usable answer at token-refresh is CLOUD_UNAVAILABLE; the session gets a new set without reauth', async () => {
    const strategy = client().strategy;
    const set = await strategy.login();
    h.sim.control.failNext('malformed', 1, '/auth/token-refresh');
    await assert.rejects(strategy.refresh(set), (e: VehicleError) => e.code === 'CLOUD_UNAVAILABLE' && e.retryable);

    const manager = new TokenManager({ strategy: client().strategy, autoRefresh: false, random: () => 0, logger: captureLog().logger });
    await manager.getAccessToken();
    h.sim.control.failNext('malformed', 1, '/auth/token-refresh');
    await manager.refreshTokenSafely();
    assert.equal(manager.status().state, 'ready');
    // The malformed refresh may have rotated the chain server-side: the retry signs in instead of reusing it.
    assert.equal(h.sim.control.counters().reuseDetections, 0);
    await manager.stop();
  });
});
