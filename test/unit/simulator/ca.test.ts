// The simulated Canadian cloud, driven with plain fetch from the protocol document: strict where the
// real portal is strict (trusted device, the e-mail as typed, pAuth, fndmcr's app headers, 24 h
// tokens bound to an IP), always HTTP 200 with the failure in the envelope.
import assert from 'node:assert/strict';
import { call, startTestSim, type TestSim } from './helpers';

const API = '/tods/api';

describe('simulator: Canada (/tods/api)', () => {
  let t: TestSim;
  let creds: TestSim['sim']['credentials']['ca'];

  beforeEach(async () => {
    t = await startTestSim({ commandDelayMs: 1000 });
    creds = t.sim.credentials.ca;
  });
  afterEach(() => t.sim.close());

  const post = (path: string, headers: Record<string, string> = {}, json: unknown = {}) =>
    call(`${t.url}${API}/${path}`, { method: 'POST', headers: { origin: 'https://kiaconnect.ca', ...headers }, json });
  const errorCode = (r: { status: number; body: any }) => {
    assert.equal(r.status, 200, 'Canada answers failures with HTTP 200');
    assert.equal(r.body.responseHeader.responseCode, 1);
    return r.body.error.errorCode;
  };

  /** The whole one-time-code chain on a device; returns the access token. */
  async function trustedLogin(deviceId: string): Promise<string> {
    const login = await post('v2/login', { Deviceid: deviceId }, { loginId: creds.username, password: creds.password });
    if (login.body.result) return login.body.result.token.accessToken;
    assert.equal(errorCode(login), '7110');
    const mfa = (path: string, body: object) => post(`mfa/${path}`, { Deviceid: deviceId }, { mfaApiCode: '0107', ...body });
    const methods = (await mfa('selverifmeth', { userAccount: creds.username })).body.result;
    const sent = await mfa('sendotp', { otpMethod: 'E', userAccount: creds.username, userPhone: '', userInfoUuid: methods.userInfoUuid });
    const valid = await mfa('validateotp', { otpNo: creds.otp, userAccount: creds.username, otpKey: sent.body.result.otpKey });
    const minted = await mfa('genmfatkn', {
      userAccount: creds.username,
      otpEmail: methods.emailList[0],
      otpValidationKey: valid.body.result.otpValidationKey,
      mfaYn: 'Y',
    });
    return minted.body.result.token.accessToken;
  }

  it('v2/login: 7404 for a wrong password, 7110 for an unknown device, a 24 h token for a trusted one', async () => {
    assert.equal(errorCode(await post('v2/login', { Deviceid: 'D1' }, { loginId: creds.username, password: 'nope' })), '7404');
    assert.equal(errorCode(await post('v2/login', { Deviceid: 'D1' }, { loginId: creds.username, password: creds.password })), '7110');
    await trustedLogin('D1');
    const again = await post('v2/login', { Deviceid: 'D1' }, { loginId: creds.username, password: creds.password });
    assert.equal(again.body.responseHeader.responseCode, 0);
    assert.equal(again.body.result.token.expireIn, 86400);
    assert.equal(errorCode(await post('v2/login', { Deviceid: 'D2' }, { loginId: creds.username, password: creds.password })), '7110');
  });

  it('7999 for a wrong code and for the upper-cased e-mail selverifmeth echoes; mfaYn "N" trusts nothing', async () => {
    const mfa = (path: string, body: object) => post(`mfa/${path}`, { Deviceid: 'D3' }, { mfaApiCode: '0107', ...body });
    const methods = (await mfa('selverifmeth', { userAccount: creds.username })).body.result;
    assert.equal(methods.userAccount, creds.username.toUpperCase());
    const send = () => mfa('sendotp', { otpMethod: 'E', userAccount: creds.username, userPhone: '', userInfoUuid: methods.userInfoUuid });
    const wrongCode = String((Number(creds.otp) + 1) % 1000000).padStart(6, '0');
    assert.equal(
      errorCode(await mfa('validateotp', { otpNo: wrongCode, userAccount: creds.username, otpKey: (await send()).body.result.otpKey })),
      '7999',
    );
    assert.equal(
      errorCode(
        await mfa('validateotp', { otpNo: creds.otp, userAccount: methods.userAccount, otpKey: (await send()).body.result.otpKey }),
      ),
      '7999',
    );
    const valid = await mfa('validateotp', { otpNo: creds.otp, userAccount: creds.username, otpKey: (await send()).body.result.otpKey });
    const minted = await mfa('genmfatkn', {
      userAccount: creds.username,
      otpEmail: creds.username,
      otpValidationKey: valid.body.result.otpValidationKey,
      mfaYn: 'N',
    });
    assert.ok(minted.body.result.token.accessToken);
    assert.equal(errorCode(await post('v2/login', { Deviceid: 'D3' }, { loginId: creds.username, password: creds.password })), '7110');
  });

  it('a code is good for 10 minutes only', async () => {
    const mfa = (path: string, body: object) => post(`mfa/${path}`, { Deviceid: 'D4' }, { mfaApiCode: '0107', ...body });
    const methods = (await mfa('selverifmeth', { userAccount: creds.username })).body.result;
    const sent = await mfa('sendotp', {
      otpMethod: 'S',
      userAccount: creds.username,
      userPhone: methods.userPhone,
      userInfoUuid: methods.userInfoUuid,
    });
    t.clock.tick(10 * 60_000 + 1);
    assert.equal(
      errorCode(await mfa('validateotp', { otpNo: creds.otp, userAccount: creds.username, otpKey: sent.body.result.otpKey })),
      '7999',
    );
  });

  it('tokens: 7403 after 24 h, 7606 after an IP change; no refresh endpoint', async () => {
    const token = await trustedLogin('D5');
    assert.equal((await post('vhcllst', { accessToken: token })).body.result.vehicles.length, 1);
    t.sim.control.caChangeIp();
    assert.equal(errorCode(await post('vhcllst', { accessToken: token })), '7606');
    const fresh = await trustedLogin('D5');
    t.clock.tick(86_400_000);
    assert.equal(errorCode(await post('vhcllst', { accessToken: fresh })), '7403');
    assert.equal((await post('v2/refresh', { accessToken: fresh })).status, 404);
  });

  it('commands need a live pAuth and the PIN in the body; rmtsts goes from P to C', async () => {
    const token = await trustedLogin('D6');
    const vehicleId = (await post('vhcllst', { accessToken: token })).body.result.vehicles[0].vehicleId;
    const car = { accessToken: token, vehicleId };
    assert.equal(errorCode(await post('vrfypin', car, { pin: '0000' })), '7310');
    assert.equal(errorCode(await post('drulck', car, { pin: creds.pin })), '7445'); // no pAuth
    const pAuth = (await post('vrfypin', car, { pin: creds.pin })).body.result.pAuth;
    assert.match(pAuth, /^[A-Za-z]{32}$/);
    assert.equal(errorCode(await post('drulck', { ...car, pAuth }, { pin: '0000' })), '7310');
    const sent = await post('drulck', { ...car, pAuth }, { pin: creds.pin });
    const transactionId = sent.headers.get('transactionid');
    assert.ok(transactionId);
    const poll = () => post('rmtsts', { ...car, pAuth, transactionId: transactionId as string });
    assert.equal((await poll()).body.result.transaction.apiResult, 'P');
    t.clock.tick(1000);
    const done = await poll();
    assert.equal(done.body.result.transaction.apiResult, 'C');
    assert.equal(done.body.result.vehicle.doorLock, false);
  });

  it('fndmcr wants the app headers (from: SPA, Referer /remote/), else 6459', async () => {
    const token = await trustedLogin('D7');
    const vehicleId = (await post('vhcllst', { accessToken: token })).body.result.vehicles[0].vehicleId;
    const pAuth = (await post('vrfypin', { accessToken: token, vehicleId }, { pin: creds.pin })).body.result.pAuth;
    const headers = { accessToken: token, vehicleId, pAuth };
    assert.equal(errorCode(await post('fndmcr', { ...headers, from: 'CWP' }, { pin: creds.pin })), '6459');
    const found = await post('fndmcr', { ...headers, from: 'SPA', referer: 'https://kiaconnect.ca/remote/' }, { pin: creds.pin });
    assert.equal(typeof found.body.result.coord.lat, 'number');
  });

  it('writes responseCode as a string or a boolean when told, and Genesis can refuse right codes with a bare 7549', async () => {
    t.sim.control.caSetQuirks({ responseCode: 'bool', genesisRefusesCodes: true });
    const bad = await post('v2/login', { Deviceid: 'D8' }, { loginId: creds.username, password: 'x' });
    assert.equal(bad.body.responseHeader.responseCode, true);
    const genesis = (path: string, body: object) =>
      call(`${t.url}${API}/mfa/${path}`, {
        method: 'POST',
        headers: { origin: 'https://genesisconnect.ca', Deviceid: 'D8' },
        json: { mfaApiCode: '0107', ...body },
      });
    const methods = (await genesis('selverifmeth', { userAccount: creds.username })).body.result;
    const sent = await genesis('sendotp', {
      otpMethod: 'E',
      userAccount: creds.username,
      userPhone: '',
      userInfoUuid: methods.userInfoUuid,
    });
    const refused = await genesis('validateotp', { otpNo: creds.otp, userAccount: creds.username, otpKey: sent.body.result.otpKey });
    assert.deepEqual(refused.body.error, { errorCode: '7549' });
    t.sim.control.caSetQuirks({ responseCode: 'string' });
    assert.equal(
      (await post('v2/login', { Deviceid: 'D8' }, { loginId: creds.username, password: 'x' })).body.responseHeader.responseCode,
      '1',
    );
  });
});
