// Garbage in never throws: only a payload that is not an object at all (or an unknown source) is
// an INVALID_INPUT error; anything else gives a well-formed state with nulls where data is missing.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { VehicleError } from '../../../nodes/lib/errors';
import { normalizeStatus, STATUS_SOURCES } from '../../../nodes/lib/state';
import type { StatusSource } from '../../../nodes/lib/types';
import { allPaths, assertShape, fixture, FIXTURE_SOURCES, setPath } from './helpers';

const isInvalidInput = (err: unknown) => err instanceof VehicleError && err.code === 'INVALID_INPUT';
const source = fc.constantFrom(...STATUS_SOURCES);

describe('normalizeStatus on junk', () => {
  it('rejects a payload that is not an object, with INVALID_INPUT', () => {
    for (const s of STATUS_SOURCES) {
      for (const junk of [null, undefined, 'text', '', 42, true, [], [{ vehicleStatus: {} }], () => 1]) {
        assert.throws(() => normalizeStatus(s, junk), isInvalidInput, `${s} ${String(junk)}`);
      }
    }
  });

  it('rejects an unknown source, with INVALID_INPUT', () => {
    for (const s of ['EU', 'kr', '', 'toString', '__proto__']) {
      assert.throws(() => normalizeStatus(s as StatusSource, {}), isInvalidInput, s);
    }
  });

  it('an empty object is a state of nulls for every source', () => {
    for (const s of STATUS_SOURCES) {
      const state = normalizeStatus(s, {});
      assertShape(state);
      assert.deepEqual(
        [
          state.updatedAt,
          state.locked,
          state.ev,
          state.fuel,
          state.range,
          state.odometer,
          state.location,
          state.battery12v,
          state.tires.lowPressure,
        ],
        [null, null, null, null, null, null, null, null, null],
        s,
      );
    }
  });

  it('any value: a well-formed state for objects, INVALID_INPUT for the rest, never another error', () => {
    fc.assert(
      fc.property(
        source,
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }),
        (s, value) => {
          const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
          try {
            assertShape(normalizeStatus(s, value));
            assert.ok(isObject, 'only objects are accepted');
          } catch (err) {
            if (err instanceof assert.AssertionError) throw err;
            assert.ok(!isObject && isInvalidInput(err), `unexpected ${String(err)}`);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('real payloads with random parts replaced by junk still give a well-formed state', () => {
    const junk = fc.oneof(
      fc.anything(),
      fc.constantFrom(255, -1, 1e300, NaN, 'OFF', 'LO', '0EH', '', '20241332999999', [], {}, null, true, '7'),
    );
    for (const [name, s] of Object.entries(FIXTURE_SOURCES)) {
      const paths = allPaths(fixture(name));
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), junk), { minLength: 1, maxLength: 8 }), (edits) => {
          const payload = fixture(name);
          for (const [p, v] of edits) setPath(payload, p, v);
          assertShape(normalizeStatus(s, payload));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('a payload for one source read as another still gives a well-formed state', () => {
    for (const name of Object.keys(FIXTURE_SOURCES)) {
      for (const s of STATUS_SOURCES) assertShape(normalizeStatus(s, fixture(name)));
    }
  });
});
