// The message contract (docs/contract.md §4) read without Node-RED: overrides, types, ranges.
import assert from 'node:assert/strict';
import { confirmOf, oneOf, optionalBoolean, optionalNumber, overridesOf, pick, vehicleOf } from '../../nodes/red/message-input';
import type { Message } from '../../nodes/red/types';

const msg = (fields: Record<string, unknown>): Message => ({ _msgid: 'm1', ...fields }) as Message;

function invalidInput(fn: () => unknown, says: RegExp): void {
  assert.throws(fn, (err: { code?: string; message: string }) => {
    assert.equal(err.code, 'INVALID_INPUT');
    assert.match(err.message, says);
    return true;
  });
}

describe('message input', () => {
  const KEYS = ['action', 'temperature', 'confirm'] as const;

  it('reads a string payload as the action, an object with known keys as overrides, and a number, "" or true as a trigger', () => {
    assert.deepEqual(overridesOf(msg({ payload: ' unlock ' }), KEYS), { action: 'unlock' });
    assert.deepEqual(overridesOf(msg({ payload: { action: 'stop', temperature: 21 } }), KEYS), { action: 'stop', temperature: 21 });
    for (const trigger of [1732520000000, 0, true, '', '   ']) {
      assert.deepEqual(overridesOf(msg({ payload: trigger }), KEYS), {}, `payload ${String(trigger)}`);
    }
  });

  it('refuses false, null, a missing payload, arrays, Buffers and objects with no known or an unknown key, naming what is allowed', () => {
    for (const [payload, says] of [
      [false, /msg.payload false .*a number, an empty string or true/],
      [null, /msg.payload null/],
      [undefined, /msg.payload is missing/],
      [[], /as an array/],
      [[1, 2], /as an array/],
      [Buffer.from('x'), /as a Buffer/],
      [{}, /empty object.*action, temperature, confirm/],
      [{ acton: 'stop' }, /unknown key "acton"; allowed keys: action, temperature, confirm/],
      [{ action: 'stop', colour: 'red' }, /unknown key "colour"/],
    ] as const) {
      invalidInput(() => overridesOf(msg({ payload }), KEYS), says);
    }
  });

  it('reads actions in any letter case, answering the canonical spelling', () => {
    assert.equal(oneOf('LOCK', ['lock', 'unlock'] as const, 'action'), 'lock');
    assert.equal(oneOf(' openport ', ['openPort', 'closePort'] as const, 'action'), 'openPort');
    invalidInput(() => oneOf('lok', ['lock', 'unlock'] as const, 'action'), /action must be one of lock, unlock .*not "lok"/);
    invalidInput(() => oneOf(false, ['lock', 'unlock'] as const, 'action'), /action must be one of lock, unlock/);
  });

  it('takes msg.vehicle over the node property, and the id of a vehicle object', () => {
    assert.equal(vehicleOf(msg({}), 'car-1'), 'car-1');
    assert.equal(vehicleOf(msg({ vehicle: 'KMHXX00XXXX000001' }), 'car-1'), 'KMHXX00XXXX000001');
    assert.equal(vehicleOf(msg({ vehicle: { id: 'car-2', vin: 'x' } }), 'car-1'), 'car-2');
    assert.equal(vehicleOf(msg({ vehicle: { id: 'car-3' } }), 'car-1'), 'car-3');
    assert.equal(vehicleOf(msg({ vehicle: { vin: 'KMHXX00XXXX000002' } }), 'car-1'), 'KMHXX00XXXX000002');
    assert.equal(vehicleOf(msg({ vehicle: '' }), ''), undefined);
    invalidInput(() => vehicleOf(msg({ vehicle: {} }), 'car-1'), /\{ id \} or \{ vin \}/);
    invalidInput(() => vehicleOf(msg({ vehicle: ['car-1'] }), 'car-1'), /msg.vehicle/);
    invalidInput(() => vehicleOf(msg({ vehicle: 42 }), 'car-1'), /msg.vehicle/);
  });

  it('lets a message override a property, and treats empty values as not set', () => {
    assert.equal(pick({ action: 'unlock' }, { action: 'lock' }, 'action'), 'unlock');
    assert.equal(pick({ action: '' }, { action: 'lock' }, 'action'), 'lock');
    assert.equal(pick({}, { temperature: '' }, 'temperature'), undefined);
  });

  it('says which values are allowed', () => {
    assert.equal(oneOf('vent', ['open', 'close', 'vent'] as const, 'action'), 'vent');
    invalidInput(() => oneOf('fly', ['open', 'close', 'vent'] as const, 'action'), /action must be one of open, close, vent/);
    invalidInput(() => oneOf(3, ['lock'] as const, 'action'), /lock/);
  });

  it('checks numbers: type, range, step and allowed values; numeric strings count', () => {
    assert.equal(optionalNumber('70', 'targetAc', { min: 50, max: 100, step: 10 }), 70);
    assert.equal(optionalNumber(undefined, 'targetAc'), undefined);
    invalidInput(() => optionalNumber('warm', 'temperature'), /temperature must be a number/);
    invalidInput(() => optionalNumber(75, 'targetAc', { min: 50, max: 100, step: 10 }), /multiple of 10/);
    invalidInput(() => optionalNumber(40, 'targetAc', { min: 50, max: 100, step: 10 }), /at least 50/);
    invalidInput(() => optionalNumber(110, 'targetDc', { min: 50, max: 100, step: 10 }), /at most 100/);
    invalidInput(() => optionalNumber(80, 'current', { allowed: [100, 90, 60] }), /100, 90, 60/);
  });

  it('checks booleans and defaults confirm to true', () => {
    assert.equal(optionalBoolean('false', 'defrost'), false);
    invalidInput(() => optionalBoolean('yes', 'defrost'), /defrost must be true or false/);
    assert.deepEqual(confirmOf({}, {}), { confirm: true });
    assert.deepEqual(confirmOf({ confirm: false }, { confirm: true }), { confirm: false });
    assert.deepEqual(confirmOf({}, { confirm: false }), { confirm: false });
  });
});
