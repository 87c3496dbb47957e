// CaClient details the Account suite cannot reach: an action-status poll the cloud refuses says
// nothing about the car (unknown, never failed), while an expired token still goes to the session.
import assert from 'node:assert/strict';
import { CaClient } from '../../../nodes/lib/clouds/ca/client';
import { createHttp } from '../../../nodes/lib/clouds/http';
import type { VehicleError } from '../../../nodes/lib/errors';
import { startTestSim, type TestSim } from '../simulator/helpers';

describe('Canada client (simulator)', () => {
  let t: TestSim;
  let sim: TestSim['sim'];
  let client: CaClient;
  beforeEach(async () => {
    t = await startTestSim(); // commands take 3 s of the simulator's fake clock
    sim = t.sim;
    client = new CaClient({
      http: createHttp(),
      brand: 'genesis',
      apiBaseUrl: sim.url,
      credentials: sim.credentials.ca,
      otp: () => ({ method: 'email', provide: async () => sim.credentials.ca.otp }),
      now: Date.now,
    });
  });
  afterEach(() => sim.close());

  it('a refused poll is "unknown"; an expired token is thrown for the session to cure', async () => {
    const { accessToken } = await client.strategy.login();
    const [car] = await client.vehicles(accessToken);
    assert.equal(await client.actionStatus(accessToken, car, 'no-such-transaction'), 'unknown');
    sim.control.expireAccessTokens();
    await assert.rejects(
      client.actionStatus(accessToken, car, 'no-such-transaction'),
      (e: VehicleError) => e.tokenExpired && e.cloudCode === '7403',
    );
  });

  it('follows a command from pending to success by its transaction id', async () => {
    const { accessToken } = await client.strategy.login();
    const [car] = await client.vehicles(accessToken);
    const actionId = await client.send(accessToken, car, { kind: 'lock' });
    assert.ok(actionId);
    assert.equal(await client.actionStatus(accessToken, car, actionId as string), 'pending');
    t.clock.tick(3000);
    assert.equal(await client.actionStatus(accessToken, car, actionId as string), 'success');
  });
});
