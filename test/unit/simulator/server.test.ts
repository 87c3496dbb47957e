// The HTTP plumbing and the codecs, on their own.
import assert from 'node:assert/strict';
import { matchRoute, normalisePath, parseBody } from '../../../nodes/lib/simulator/server';
import { makeStamp } from '../../../nodes/lib/simulator/stamp';
import { stampAppId } from '../../../nodes/lib/simulator/stamp';
import { celsiusFromTempCode, tempCodeFromCelsius } from '../../../nodes/lib/simulator/eu-temp-code';
import { berlinCompact, utcCompact } from '../../../nodes/lib/simulator/time-format';

describe('simulator: plumbing', () => {
  it('collapses doubled slashes and drops a trailing one', () => {
    assert.equal(normalisePath('//api/v1//spa/vehicles/'), '/api/v1/spa/vehicles');
    assert.equal(normalisePath('/'), '/');
  });

  it('parses JSON and form bodies whatever the content type says', () => {
    assert.deepEqual(parseBody('{"a":1}', 'application/x-www-form-urlencoded'), { a: 1 });
    assert.deepEqual(parseBody('grant_type=refresh_token&refresh_token=AB', undefined), {
      grant_type: 'refresh_token',
      refresh_token: 'AB',
    });
    assert.deepEqual(parseBody('', 'application/json'), {});
    assert.equal(parseBody('{broken', 'application/json'), null);
  });

  it('matches route templates with parameters', () => {
    const routes = [{ method: 'GET' as const, pattern: '/api/:ver/spa/vehicles/:id/status', handler: () => ({ status: 200 }) }];
    assert.deepEqual(matchRoute(routes, 'GET', '/api/v2/spa/vehicles/abc/status')?.params, { ver: 'v2', id: 'abc' });
    assert.equal(matchRoute(routes, 'POST', '/api/v2/spa/vehicles/abc/status'), undefined);
    assert.equal(matchRoute(routes, 'GET', '/api/v2/spa/vehicles/abc/status/latest'), undefined);
  });

  it('reads stamps of 47 and 50 bytes for every brand, and no garbage', () => {
    for (const appId of [
      'a2b8469b-30a3-4361-8e13-6fceea8fbe74',
      '014d2225-8495-4735-812d-2616334fd15d',
      'f11f2b86-e0e7-4851-90df-5600b01d8b70',
    ]) {
      assert.equal(stampAppId(makeStamp(appId, 1_750_000_000)), appId);
      assert.equal(Buffer.from(makeStamp(appId, 1_750_000_000_000), 'base64').length, 50);
      assert.equal(stampAppId(makeStamp(appId, 1_750_000_000_000)), appId);
    }
    assert.equal(stampAppId('bm90IGEgc3RhbXA='), null);
  });

  it('encodes EU temperature codes as the document lists them', () => {
    const examples: Array<[number, string]> = [
      [17, '06H'],
      [20, '0CH'],
      [21, '0EH'],
      [22, '10H'],
      [25, '16H'],
      [27, '1AH'],
    ];
    for (const [celsius, code] of examples) {
      assert.equal(tempCodeFromCelsius(celsius), code);
      assert.equal(celsiusFromTempCode(code), celsius);
    }
    assert.equal(celsiusFromTempCode('20H'), null);
    assert.equal(celsiusFromTempCode('21'), null);
  });

  it('formats Berlin local time with summer and winter offsets, and UTC', () => {
    assert.equal(berlinCompact(Date.UTC(2026, 0, 15, 12, 0, 0)), '20260115130000');
    assert.equal(berlinCompact(Date.UTC(2026, 6, 15, 12, 0, 0)), '20260715140000');
    assert.equal(utcCompact(Date.UTC(2026, 6, 15, 12, 0, 0, 250), true), '20260715120000.250');
  });
});
