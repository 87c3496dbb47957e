// The CCSP variants' legacy status (AU/NZ, India): flat in `resMsg`, their own time zones, and the
// Australian temperature table. Checked on the real Australian capture of HKC issue #739 and on
// HKC's AU fixture (whose `expected` block fixtures.test.ts checks too).
import { strict as assert } from 'node:assert';
import { normalizeStatus } from '../../../nodes/lib/state';
import { assertShape, fixture } from './helpers';

describe('normalizeStatus for the CCSP variants (au, in)', () => {
  it('reads the real flat AU status of HKC #739: charge level, lock state, no odometer', () => {
    const capture = fixture('au_kia_niro_2024_issue739');
    const state = normalizeStatus('au', { vehicleStatus: capture, vehicleLocation: null, odometer: capture.odometer ?? null });
    assertShape(state);
    const expected = capture._fixture_meta.expected;
    assert.equal(state.ev?.soc, expected.ev_battery_percentage);
    assert.equal(state.locked, expected.is_locked);
    assert.equal(state.engineOn, expected.engine_is_running);
    assert.equal(state.ev?.charging, expected.ev_battery_is_charging);
    assert.equal(state.ev?.pluggedIn, false);
    assert.deepEqual(state.range, { value: 331, unit: 'km' });
    assert.equal(state.odometer, null, 'the real AU answer carries no odometer (more-regions.md, correction 4)');
    // "02H" on the AU table (17.0 + 2 × 0.5) is 18 °C, not the EU table's 15 °C.
    assert.deepEqual([state.climate.temperature, state.climate.unit], [18, 'C']);
  });

  it('accepts the bare flat status as well as the client wrapping', () => {
    const capture = fixture('au_kia_niro_2024_issue739');
    assert.deepEqual(
      normalizeStatus('au', capture),
      normalizeStatus('au', { vehicleStatus: capture, vehicleLocation: null, odometer: null }),
    );
  });

  it('reads AU times as Sydney wall-clock time and India times as Kolkata time', () => {
    const au = normalizeStatus('au', fixture('au_hyundai_ioniq_5_2023_with_soc'));
    // 2024-07-15 08:00 in Sydney (AEST, UTC+10) is 2024-07-14 22:00 UTC.
    assert.equal(au.updatedAt, '2024-07-14T22:00:00.000Z');
    assert.deepEqual(au.location, { lat: -33.8688, lon: 151.2093, updatedAt: '2024-07-14T22:00:00.000Z' });
    assert.deepEqual(au.odometer, { value: 22450, unit: 'km' });
    const india = normalizeStatus('in', { vehicleStatus: { time: '20240715080000', doorLock: false, airTemp: { value: '0EH', unit: 0 } } });
    assert.equal(india.updatedAt, '2024-07-15T02:30:00.000Z');
    assert.equal(india.locked, false);
    assert.equal(india.climate.temperature, 21, 'India uses the EU table');
  });
});
