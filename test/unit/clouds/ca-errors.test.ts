// Canada's error table: failure envelopes (HTTP 200), their three responseCode forms, and Cloudflare's
// pages map onto the project's own fields, which are all the session reads.

import { strict as assert } from 'node:assert';
import { classifyError, isTokenExpiredError, VehicleError } from '../../../nodes/lib/errors';
import { caFailure, caHttpError, envelopeFailed } from '../../../nodes/lib/clouds/ca/errors';
import { isRejection, isTransient } from '../../../nodes/lib/session/refresh-failures';

const failure = (errorCode: unknown, errorDesc?: string, responseCode: unknown = 1) => ({
  error: errorDesc === undefined ? { errorCode } : { errorCode, errorDesc },
  responseHeader: { responseCode, responseDesc: 'Failure' },
});

describe('Canada error table', () => {
  it('reads responseCode as an integer, a string or a boolean (true = failure)', () => {
    for (const code of [1, '1', true]) assert.equal(envelopeFailed(failure('7404', undefined, code)), true, String(code));
    for (const code of [0, '0', false]) assert.equal(envelopeFailed({ responseHeader: { responseCode: code } }), false, String(code));
    assert.equal(envelopeFailed('<html>Attention Required!</html>'), null);
    assert.equal(envelopeFailed({ result: {} }), null);
  });

  for (const code of ['7403', '7602', '7606']) {
    it(`${code} is a token-expired error the session cures with one re-login`, () => {
      const err = caFailure(failure(code, 'whatever the cloud says'));
      assert.equal(err.code, 'AUTH_FAILED');
      assert.equal(err.cloudCode, code);
      assert.equal(err.tokenExpired, true);
      assert.equal(isTokenExpiredError(err), true);
      assert.equal(classifyError(err).retryable, true);
    });
  }

  it('7110 asks for a one-time code: AUTH_FAILED marked otpRequired, not an expiry', () => {
    const err = caFailure(failure('7110'));
    assert.equal(err.code, 'AUTH_FAILED');
    assert.equal(err.otpRequired, true);
    assert.equal(isTokenExpiredError(err), false);
    assert.match(err.message, /one-time code/);
  });

  it('7404 (wrong password) and 7310 (wrong PIN) are refusals, never retried', () => {
    for (const code of ['7404', '7310', '7402', '7999']) {
      const err = caFailure(failure(code, 'The login information you entered is incorrect.'));
      assert.equal(err.code, 'AUTH_FAILED', code);
      assert.equal(isRejection(err), true, code);
      assert.equal(isTransient(err), false, code);
      assert.equal(err.tokenExpired, false, code);
    }
  });

  it('Genesis 7549 comes without errorDesc, and a numeric errorCode reads like a string (BetterBlueKit)', () => {
    const bare = caFailure({ error: { errorCode: '7549' }, responseHeader: { responseCode: 1 } });
    assert.equal(bare.code, 'AUTH_FAILED');
    assert.match(bare.message, /one-time code was not accepted/);
    const numeric = caFailure(failure(7403, undefined, true));
    assert.equal(numeric.cloudCode, '7403');
    assert.equal(numeric.tokenExpired, true);
  });

  it('an unknown code is CLOUD_UNAVAILABLE, not retried, and names the code', () => {
    const err = caFailure(failure('8123'));
    assert.equal(err.code, 'CLOUD_UNAVAILABLE');
    assert.equal(err.retryable, false);
    assert.match(err.message, /8123/);
  });

  it('never echoes a long opaque string from errorDesc', () => {
    const token = 'eyJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiZGlyIn0abcdefghijklmnopqrstuvwxyz';
    const err = caFailure(failure('7445', `bad token ${token}`));
    assert.ok(!err.message.includes(token));
  });

  it("Cloudflare's HTML block (403) is a passing outage, its 1015 page (429) a rate limit: neither ends the session", () => {
    const blocked = caHttpError({ response: { status: 403, data: '<title>Attention Required! | Cloudflare</title>' } }, 'Login failed');
    assert.equal(blocked.code, 'CLOUD_UNAVAILABLE');
    assert.equal(isRejection(blocked), false);
    const limited = caHttpError({ response: { status: 429, data: 'error code: 1015' } });
    assert.equal(limited.code, 'RATE_LIMITED');
    assert.ok((limited.retryAfterSeconds ?? 0) > 0);
  });

  it('an envelope behind an HTTP error status still goes through the table', () => {
    const err = caHttpError({ response: { status: 500, data: JSON.stringify(failure('7403')) } });
    assert.equal(err.tokenExpired, true);
    assert.equal(err.httpStatus, 500);
    assert.ok(err instanceof VehicleError);
  });
});
