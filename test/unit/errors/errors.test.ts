import assert from 'node:assert/strict';
import { AxiosError, AxiosHeaders } from 'axios';
import fc from 'fast-check';
import { VehicleError, classifyError, isTokenExpiredError, parseRetryAfter, toVehicleError } from '../../../nodes/lib/errors';

/** An axios error as axios builds it for a non-2xx answer. */
function axiosError(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
  const config = { headers: new AxiosHeaders({ Authorization: 'Bearer SECRET-ACCESS-TOKEN' }) };
  return new AxiosError(
    `Request failed with status code ${status}`,
    'ERR_BAD_RESPONSE',
    config as never,
    {},
    {
      status,
      statusText: '',
      data,
      headers: new AxiosHeaders(headers),
      config: config as never,
    },
  );
}

function networkError(code: string): AxiosError {
  return new AxiosError(`connect ${code}`, code);
}

describe('errors: token expiry detection (docs/contract.md §6)', () => {
  const expired: Array<[string, unknown]> = [
    ['EU 401 "Token is expired"', axiosError(401, { error: 'Key not authorized: Token is expired' })],
    ['EU 401 "token has expired"', axiosError(401, { error: 'Key not authorized: token has expired' })],
    ['EU wording in upper case', axiosError(401, { error: 'KEY NOT AUTHORIZED: TOKEN HAS EXPIRED' })],
    ['EU body as a JSON string', axiosError(401, '{"error":"Key not authorized: Token is expired"}')],
    [
      'US Hyundai C401_2',
      axiosError(401, { errorSubCode: 'C401_2', errorMessage: 'Token has expired', errorCode: 401, serviceName: 'CheckToken' }),
    ],
    ['US Hyundai body on HTTP 200', { response: { status: 200, data: { errorCode: 401, errorMessage: 'Token has expired' } } }],
    [
      'US Kia 1003',
      {
        response: {
          status: 200,
          data: { status: { statusCode: 1, errorType: 1, errorCode: 1003, errorMessage: 'Session Key is either invalid or expired' } },
        },
      },
    ],
    ['US Kia 1005', { response: { status: 200, data: { status: { statusCode: 1, errorType: 1, errorCode: 1005 } } } }],
    ['plain message, EU', new Error('Key not authorized: Token is expired')],
    ['plain message, US', new Error('Token has expired')],
    ['plain message, Kia', new Error('Session Key is either invalid or expired')],
    ['our own error flagged as expiry', new VehicleError('AUTH_FAILED', 'expired', { tokenExpired: true })],
  ];
  for (const [name, err] of expired) {
    it(`detects ${name}`, () => assert.equal(isTokenExpiredError(err), true));
  }

  const notExpired: Array<[string, unknown]> = [
    ['a wrong password (EU 4003)', axiosError(400, { errId: 'x', errCode: '4003', errMsg: 'Invalid values' })],
    ['a revoked refresh token (EU 7501)', axiosError(400, { retCode: 7501, retMsg: 'Received unexpected statusCode' })],
    ['HTTP 403 even with expiry words', axiosError(403, { error: 'Key not authorized: Token is expired' })],
    ['a rate limit (EU 509)', axiosError(509, { retCode: 'F', resCode: '5091', resMsg: 'Exceeds number of requests' })],
    ['US rate limit HT_534', axiosError(502, { errorSubCode: 'HT_534', errorCode: 502 })],
    ['Kia wrong password 1001', { response: { status: 200, data: { status: { statusCode: 1, errorCode: 1001 } } } }],
    ['a network reset', networkError('ECONNRESET')],
    ['a bare 401 without a body', axiosError(401, '')],
    ['our own AUTH_FAILED', new VehicleError('AUTH_FAILED', 'bad password')],
    ['undefined', undefined],
    ['a string', 'nothing'],
  ];
  for (const [name, err] of notExpired) {
    it(`does not take ${name} for expiry`, () => assert.equal(isTokenExpiredError(err), false));
  }
});

describe('errors: classifyError', () => {
  const table: Array<[string, unknown, string, boolean]> = [
    ['EU quota 509/5091', axiosError(509, { retCode: 'F', resCode: '5091', resMsg: 'Exceeds number of requests' }), 'RATE_LIMITED', true],
    ['HTTP 429', axiosError(429, {}), 'RATE_LIMITED', true],
    ['US HT_534', axiosError(502, { errorSubCode: 'HT_534', errorCode: 502 }), 'RATE_LIMITED', true],
    ['EU 4004 busy', axiosError(400, { retCode: 'F', resCode: '4004', resMsg: 'Duplicate request' }), 'VEHICLE_BUSY', true],
    ['EU 4081', axiosError(400, { retCode: 'F', resCode: '4081' }), 'VEHICLE_UNREACHABLE', true],
    ['EU 9999', axiosError(400, { retCode: 'F', resCode: '9999' }), 'VEHICLE_UNREACHABLE', true],
    ['US HT_900', axiosError(502, { errorSubCode: 'HT_900', errorCode: 502 }), 'VEHICLE_UNREACHABLE', true],
    ['EU 5031', axiosError(503, { retCode: 'F', resCode: '5031' }), 'CLOUD_UNAVAILABLE', true],
    ['HTTP 500', axiosError(500, 'oops'), 'CLOUD_UNAVAILABLE', true],
    ['connection reset', networkError('ECONNRESET'), 'CLOUD_UNAVAILABLE', true],
    ['timeout', networkError('ECONNABORTED'), 'CLOUD_UNAVAILABLE', true],
    ['EU 4005 unsupported', axiosError(400, { retCode: 'F', resCode: '4005' }), 'UNSUPPORTED', false],
    ['EU 7501 refresh token rejected', axiosError(400, { retCode: 7501, retMsg: 'Received unexpected statusCode' }), 'AUTH_FAILED', false],
    ['EU 4003 wrong password', axiosError(400, { errCode: '4003', errMsg: 'Invalid values' }), 'AUTH_FAILED', false],
    ['token expired', axiosError(401, { error: 'Key not authorized: Token is expired' }), 'AUTH_FAILED', true],
    ['plain message rate limit', new Error('Exceeds number of requests'), 'RATE_LIMITED', true],
    [
      'OAuth invalid_grant (not seen on these clouds, but final where it is)',
      axiosError(400, { error: 'invalid_grant' }),
      'AUTH_FAILED',
      false,
    ],
    ['our INVALID_INPUT', new VehicleError('INVALID_INPUT', 'x'), 'INVALID_INPUT', false],
    ['our CIRCUIT_OPEN', new VehicleError('CIRCUIT_OPEN', 'x'), 'CIRCUIT_OPEN', true],
  ];
  for (const [name, err, code, retryable] of table) {
    it(`${name} → ${code}`, () => {
      const c = classifyError(err);
      assert.equal(c.code, code);
      assert.equal(c.retryable, retryable);
    });
  }

  it('reads Retry-After in seconds and as a date', () => {
    assert.equal(classifyError(axiosError(429, {}, { 'Retry-After': '30' })).retryAfterSeconds, 30);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60);
    assert.equal(parseRetryAfter('garbage', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const c = classifyError(value);
        assert.ok(typeof c.code === 'string');
        assert.equal(typeof isTokenExpiredError(value), 'boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('errors: toVehicleError', () => {
  it('keeps our own errors as they are', () => {
    const own = new VehicleError('VEHICLE_BUSY', 'busy');
    assert.equal(toVehicleError(own), own);
  });

  it('carries the cloud code and HTTP status, and no secret from the request', () => {
    const err = toVehicleError(axiosError(400, { retCode: 'F', resCode: '4004', resMsg: 'Duplicate request - Duplicate request' }));
    assert.equal(err.code, 'VEHICLE_BUSY');
    assert.equal(err.cloudCode, '4004');
    assert.equal(err.httpStatus, 400);
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    assert.ok(!everything.includes('SECRET-ACCESS-TOKEN'));
    assert.equal(err.cause, undefined);
  });

  it('marks expiry so the session can retry', () => {
    const err = toVehicleError(axiosError(401, { error: 'Key not authorized: token has expired' }));
    assert.equal(err.tokenExpired, true);
    assert.equal(isTokenExpiredError(err), true);
  });

  it('masks long opaque strings a cloud might echo', () => {
    const token = 'A'.repeat(48);
    const err = toVehicleError(new Error(`refresh token ${token} is invalid`));
    assert.ok(!err.message.includes(token));
  });
});
