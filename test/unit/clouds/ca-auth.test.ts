// Canada's auth strategy against the simulator: the device id a token set carries is the one the
// "refresh" (a new login) presents, the code chain runs only for an untrusted device, a resend goes
// out by the method asked for, and a refused refresh is not asked again by the login fallback.
import assert from 'node:assert/strict';
import { CaAuthStrategy, machineDeviceId, RELOGIN } from '../../../nodes/lib/clouds/ca/auth';
import { CaPortal } from '../../../nodes/lib/clouds/ca/portal';
import { createHttp } from '../../../nodes/lib/clouds/http';
import type { OtpMethod, OtpPrompt } from '../../../nodes/lib/clouds/otp';
import { VehicleError } from '../../../nodes/lib/errors';
import { startSim, type Sim } from '../account/helpers';

describe('Canada auth strategy (simulator)', () => {
  let sim: Sim;
  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(() => sim.close());

  const strategy = (deviceId: string, otp?: OtpPrompt, password = sim.credentials.ca.password) =>
    new CaAuthStrategy({
      portal: new CaPortal(createHttp(), 'hyundai', sim.url),
      brandName: 'hyundai',
      base: sim.url,
      username: sim.credentials.ca.username,
      password,
      otp: () => otp ?? null,
      now: Date.now,
      newDeviceId: () => deviceId,
    });
  const withCode = (log: OtpMethod[] = []): OtpPrompt => ({
    method: 'email',
    provide: async (resend) => {
      log.push('sms');
      await resend('sms'); // the user asks for the code again, by SMS
      return sim.credentials.ca.otp;
    },
  });

  it('a token set carries its device id, and the refresh presents it (not the strategy default)', async () => {
    const tokens = await strategy('DEVICE-A', withCode()).login();
    assert.equal(tokens.deviceId, 'DEVICE-A');
    assert.equal(tokens.refreshToken, RELOGIN);
    assert.ok(tokens.expiresAt - Date.now() > 23 * 3600_000);
    const other = strategy('DEVICE-B'); // no otp: an untrusted device would fail
    const renewed = await other.refresh(tokens);
    assert.equal(renewed.deviceId, 'DEVICE-A');
    assert.notEqual(renewed.accessToken, tokens.accessToken);
    await assert.rejects(strategy('DEVICE-B').login(), (e: VehicleError) => e.otpRequired === true && e.cloudCode === '7110');
  });

  it('sends the code again by SMS when the user asks, and the last code key counts', async () => {
    const asked: OtpMethod[] = [];
    await strategy('DEVICE-C', withCode(asked)).login();
    assert.deepEqual(asked, ['sms']);
    const counters = sim.control.caCounters();
    assert.equal(counters.codesSent, 2);
    assert.equal(counters.codesAccepted, 1);
  });

  it('a refused refresh (wrong password) is not sent again by the login fallback', async () => {
    const trusted = await strategy('DEVICE-D', withCode()).login();
    const wrong = strategy('DEVICE-D', undefined, 'not-the-password');
    await assert.rejects(wrong.refresh(trusted), (e: VehicleError) => e.code === 'AUTH_FAILED' && e.cloudCode === '7404');
    const before = sim.control.caCounters().logins;
    await assert.rejects(wrong.login(), (e: VehicleError) => e.cloudCode === '7404');
    assert.equal(sim.control.caCounters().logins, before, 'no second wrong password');
    await assert.rejects(wrong.login(), (e: VehicleError) => e.cloudCode === '7404');
    assert.equal(sim.control.caCounters().logins, before + 1, 'a later login asks again');
  });

  it('a wrong code is AUTH_FAILED (7999) and trusts nothing', async () => {
    const wrong: OtpPrompt = {
      method: 'email',
      provide: async () => String((Number(sim.credentials.ca.otp) + 1) % 1000000).padStart(6, '0'),
    };
    await assert.rejects(strategy('DEVICE-E', wrong).login(), (e: VehicleError) => e.code === 'AUTH_FAILED' && e.cloudCode === '7999');
    await assert.rejects(strategy('DEVICE-E').login(), (e: VehicleError) => e.otpRequired === true);
  });

  it('the default device id is stable per machine and login, and differs between logins', () => {
    assert.equal(machineDeviceId('https://kiaconnect.ca', 'A@x.ca'), machineDeviceId('https://kiaconnect.ca', 'a@x.ca'));
    assert.notEqual(machineDeviceId('https://kiaconnect.ca', 'a@x.ca'), machineDeviceId('https://kiaconnect.ca', 'b@x.ca'));
    assert.match(machineDeviceId('https://kiaconnect.ca', 'a@x.ca'), /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });
});
