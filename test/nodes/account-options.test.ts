// From the account dialog and Node-RED's settings to AccountOptions, without Node-RED.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { accountOptionsFrom, endpointOf } from '../../nodes/red/account-options';

const logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('account options from the dialog', () => {
  it('turns dialog text into numbers, and leaves unset fields to the library defaults', () => {
    const o = accountOptionsFrom(
      { region: 'eu', brand: 'kia', authMode: 'refreshToken', refreshBufferMinutes: '10', keepaliveMinutes: '0', autoRefresh: 'false' },
      {},
      {},
      logger,
    );
    assert.deepEqual([o.refreshBufferMinutes, o.keepaliveMinutes, o.autoRefresh, o.authMode], [10, 0, false, 'refreshToken']);
    const d = accountOptionsFrom({ region: 'eu' }, {}, {}, logger);
    assert.deepEqual(
      [d.refreshBufferMinutes, d.keepaliveMinutes, d.autoRefresh, d.authMode, d.brand],
      [undefined, undefined, true, 'password', 'hyundai'],
    );
  });

  it('logs in with a password in the US and not at all in the demo', () => {
    assert.equal(accountOptionsFrom({ region: 'us', authMode: 'refreshToken' }, {}, {}, logger).authMode, 'password');
    assert.equal(accountOptionsFrom({ region: 'demo', authMode: 'refreshToken' }, {}, {}, logger).authMode, undefined);
  });

  it('keeps a password as typed, trims the rest, drops empty credentials', () => {
    const o = accountOptionsFrom(
      { region: 'eu' },
      { username: ' me@example.com ', password: ' secret ', pin: '', refreshToken: ' T0KEN\n' },
      {},
      logger,
    );
    assert.deepEqual(o.credentials, { username: 'me@example.com', password: ' secret ', refreshToken: 'T0KEN' });
  });

  it('stores tokens under <userDir>/hyundai-kia with the credentialSecret, and in memory without a userDir', () => {
    const o = accountOptionsFrom({ region: 'eu' }, {}, { userDir: '/data', credentialSecret: 's3' }, logger);
    assert.deepEqual([o.tokenStoreDir, o.tokenStoreSecret], [path.join('/data', 'hyundai-kia'), 's3']);
    const off = accountOptionsFrom({ region: 'eu' }, {}, { userDir: '/data', credentialSecret: false }, logger);
    assert.equal(off.tokenStoreSecret, undefined);
    assert.equal(accountOptionsFrom({ region: 'eu' }, {}, {}, logger).tokenStoreDir, undefined);
  });

  it('rejects an unknown region or a non-number as CONFIG_INVALID', () => {
    assert.throws(() => accountOptionsFrom({ region: 'mars' }, {}, {}, logger), { code: 'CONFIG_INVALID' });
    assert.throws(() => accountOptionsFrom({ region: 'eu', keepaliveMinutes: 'often' }, {}, {}, logger), { code: 'CONFIG_INVALID' });
  });

  it('names the endpoint a stored secret belongs to', () => {
    assert.equal(
      endpointOf({ region: 'eu', brand: 'kia', apiBaseUrl: ' http://x ' }),
      endpointOf({ region: 'eu', brand: 'kia', apiBaseUrl: 'http://x' }),
    );
    assert.notEqual(
      endpointOf({ region: 'eu', brand: 'kia', apiBaseUrl: 'http://x' }),
      endpointOf({ region: 'eu', brand: 'kia', apiBaseUrl: 'http://y' }),
    );
  });
});
