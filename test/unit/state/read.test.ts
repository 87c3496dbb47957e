// The shared readers: flags, sentinels, units, the hex temperature table and times (Berlin DST).

import { strict as assert } from 'node:assert';
import {
  at,
  celsiusFromTempCode,
  compactInZone,
  distanceUnit,
  flag,
  percent,
  setTemperature,
  targetsByPlug,
  timeOf,
} from '../../../nodes/lib/state/read';

describe('state readers', () => {
  it('reads own properties only, through arrays by index', () => {
    assert.equal(at({ a: [{ b: 7 }] }, 'a.0.b'), 7);
    assert.equal(at({ a: {} }, 'a.constructor'), undefined);
    assert.equal(at({ a: 'text' }, 'a.length'), undefined);
    assert.equal(at(null, 'a'), undefined);
  });

  it('flags: booleans, 0/1/2, "true"/"false"; nothing else', () => {
    assert.deepEqual([true, false, 0, 1, 2, 3, '1', 'true', 'FALSE'].map(flag), [true, false, false, true, true, true, true, true, false]);
    assert.deepEqual([-1, 0.5, 'yes', {}, [], null, undefined, NaN].map(flag), [null, null, null, null, null, null, null, null]);
  });

  it('percentages: 255 and out-of-range readings are no reading', () => {
    assert.deepEqual([0, 55, '87', 100, 255, -1, 101, 'x', Infinity].map(percent), [0, 55, 87, 100, null, null, null, null, null]);
  });

  it('distance units: 1 km, 2 and 3 mi, missing → the region default, unknown → null', () => {
    assert.deepEqual(
      [1, 2, 3, '1', undefined, 0, 9].map((c) => distanceUnit(c, 'km')),
      ['km', 'mi', 'mi', 'km', 'km', null, null],
    );
  });

  it('the EU hex temperature table: 14.0 … 29.5 in 0.5 steps', () => {
    const table: Array<[string, number]> = [
      ['00H', 14],
      ['06H', 17],
      ['0CH', 20],
      ['0EH', 21],
      ['0eh', 21],
      ['10H', 22],
      ['16H', 25],
      ['1AH', 27],
      ['1FH', 29.5],
    ];
    for (const [code, celsius] of table) assert.equal(celsiusFromTempCode(code), celsius, code);
    for (const bad of ['20H', '0E', 'H', 'ZZH', 14, null]) assert.equal(celsiusFromTempCode(bad), null, String(bad));
  });

  it('set temperatures: hex → °C whatever the unit code, numbers in their unit, words → null', () => {
    assert.deepEqual(setTemperature('0EH', 1, 'F'), { temperature: 21, unit: 'C' });
    assert.deepEqual(setTemperature('72', 1, 'C'), { temperature: 72, unit: 'F' });
    assert.deepEqual(setTemperature(22.5, undefined, 'C'), { temperature: 22.5, unit: 'C' });
    assert.deepEqual(setTemperature(70, undefined, 'F'), { temperature: 70, unit: 'F' });
    for (const word of ['OFF', 'LO', 'HI', 'LOW', 'HIGH'])
      assert.deepEqual(setTemperature(word, 1, 'F'), { temperature: null, unit: null });
  });

  it('charge targets: plugType 0 = DC, 1 = AC, the last entry per plug wins, 0 is unknown', () => {
    const list = [
      { plugType: 0, targetSOClevel: 70 },
      { plugType: 1, targetSOClevel: 90 },
      { plugType: 0, targetSOClevel: 80 },
      { plugType: 7, targetSOClevel: 50 },
    ];
    assert.deepEqual(targetsByPlug(list), { ac: 90, dc: 80 });
    assert.deepEqual(targetsByPlug([{ plugType: 1, targetSOClevel: 0 }]), { ac: null, dc: null });
    assert.deepEqual(targetsByPlug('nope'), { ac: null, dc: null });
  });

  describe('times', () => {
    const berlin = (t: string) => compactInZone(t, 'Europe/Berlin');

    it('Berlin winter (+1) and summer (+2) time', () => {
      assert.equal(berlin('20240115120000'), '2024-01-15T11:00:00.000Z');
      assert.equal(berlin('20240720120000'), '2024-07-20T10:00:00.000Z');
    });

    it('around the spring jump (31 Mar 2024, 02:00 → 03:00)', () => {
      assert.equal(berlin('20240331015959'), '2024-03-31T00:59:59.000Z');
      assert.equal(berlin('20240331030000'), '2024-03-31T01:00:00.000Z');
      // 02:30 never happened; read with the offset from before the jump, like zoneinfo fold=0.
      assert.equal(berlin('20240331023000'), '2024-03-31T01:30:00.000Z');
    });

    it('around the autumn fall-back (27 Oct 2024, 03:00 → 02:00)', () => {
      assert.equal(berlin('20241027015959'), '2024-10-26T23:59:59.000Z');
      // 02:30 happened twice; the first (summer time) is taken.
      assert.equal(berlin('20241027023000'), '2024-10-27T00:30:00.000Z');
      assert.equal(berlin('20241027030000'), '2024-10-27T02:00:00.000Z');
      assert.equal(berlin('20261025040000'), '2026-10-25T03:00:00.000Z');
    });

    it('UTC compact times with and without milliseconds, ISO, epoch ms', () => {
      assert.equal(timeOf('20250420202723.000'), '2025-04-20T20:27:23.000Z');
      assert.equal(timeOf('20250420202723.5'), '2025-04-20T20:27:23.500Z');
      assert.equal(timeOf('2020-05-20T23:20:39Z'), '2020-05-20T23:20:39.000Z');
      assert.equal(timeOf('2020-05-20T23:20:39+02:00'), '2020-05-20T21:20:39.000Z');
      assert.equal(timeOf('2020-05-20T23:20:39'), '2020-05-20T23:20:39.000Z', 'no offset = UTC, not the host zone');
      assert.equal(timeOf('1745180843000'), '2025-04-20T20:27:23.000Z');
      assert.equal(timeOf(1745180843000), '2025-04-20T20:27:23.000Z');
      assert.equal(timeOf(20250420202723), '2025-04-20T20:27:23.000Z');
    });

    it('impossible or junk times are null', () => {
      for (const bad of ['20240230120000', '20241301000000', '20240101246000', '2024', '', 'yesterday', 5, -1, {}, null]) {
        assert.equal(timeOf(bad), null, String(bad));
        assert.equal(timeOf(bad, 'Europe/Berlin'), null, String(bad));
      }
    });
  });
});
