// Canada's command bodies for the cars the simulator does not have: a combustion car's remote start,
// the EV9 / IONIQ 9 climate key, and the older temperature table (more-regions.md 1.8).
import assert from 'node:assert/strict';
import { caCommandCall, caTempCode, caUnsupported } from '../../../nodes/lib/clouds/ca/commands';
import type { CloudVehicle } from '../../../nodes/lib/clouds/types';

const car = (type: CloudVehicle['type'], model: string, modelYear: number | null): CloudVehicle => ({
  id: 'X',
  vin: 'V',
  name: model,
  model,
  type,
  protocol: 'ca',
  meta: { modelYear },
});
const climate = { kind: 'startClimate' as const, temperature: 21, defrost: false, heating: true, durationMinutes: 10 };

describe('Canada commands', () => {
  it('temperature codes: 21 °C is "0EH" from model year 2020, "0AH" before; 31.5 °C is "23H"', () => {
    assert.equal(caTempCode(21, 2024), '0EH');
    assert.equal(caTempCode(21, null), '0EH');
    assert.equal(caTempCode(21, 2019), '0AH');
    assert.equal(caTempCode(31.5, 2022), '23H');
    assert.equal(caTempCode(16, 2018), '00H');
  });

  it('an EV starts the climate with evc/rfon and hvacInfo; an EV9 or IONIQ 9 with remoteControl', () => {
    const niro = caCommandCall(car('EV', 'NIRO EV', 2024), climate, '1234');
    assert.equal(niro.path, 'evc/rfon');
    assert.deepEqual(niro.body.hvacInfo, {
      airCtrl: 1,
      defrost: false,
      heating1: 1,
      igniOnDuration: 10,
      seatHeaterVentCMD: { drvSeatOptCmd: 0, astSeatOptCmd: 0, rlSeatOptCmd: 0, rrSeatOptCmd: 0 },
      airTemp: { value: '0EH', unit: 0, hvacTempType: 1 },
    });
    for (const model of ['EV9', 'IONIQ 9']) {
      const call = caCommandCall(car('EV', model, 2026), climate, '1234');
      assert.ok(call.body.remoteControl && !call.body.hvacInfo, model);
    }
  });

  it('a combustion car uses rmtstrt / rmtstp with `setting`, and has no charging commands', () => {
    const ice = car('ICE', 'SELTOS', 2021);
    const start = caCommandCall(ice, climate, '1234');
    assert.equal(start.path, 'rmtstrt');
    assert.equal((start.body.setting as { ims: number }).ims, 0);
    assert.deepEqual((start.body.setting as { airTemp: unknown }).airTemp, { value: '0EH', unit: 0, hvacTempType: 0 });
    assert.equal(caCommandCall(ice, { kind: 'stopClimate' }, '1234').path, 'rmtstp');
    for (const kind of ['startCharge', 'stopCharge', 'setChargeTargets'] as const)
      assert.match(String(caUnsupported(ice, kind)), /ICE cars/);
  });

  it('charge targets go out as the app would send them: tsoc with plugType 0 = DC, 1 = AC', () => {
    const call = caCommandCall(car('EV', 'NIRO EV', 2024), { kind: 'setChargeTargets', ac: 90, dc: 80 }, '1234');
    assert.deepEqual(call, {
      path: 'evc/setsoc',
      asApp: true,
      body: {
        pin: '1234',
        tsoc: [
          { plugType: 0, level: 80 },
          { plugType: 1, level: 90 },
        ],
      },
    });
  });

  it('windows, charge port and charging current are UNSUPPORTED in Canada', () => {
    const ev = car('EV', 'NIRO EV', 2024);
    for (const kind of ['setWindows', 'openChargePort', 'closeChargePort', 'setChargingCurrent'] as const) {
      assert.ok(caUnsupported(ev, kind), kind);
    }
    assert.throws(
      () => caCommandCall(ev, { kind: 'setWindows', state: 'open' }, '1234'),
      (e: { code?: string }) => e.code === 'UNSUPPORTED',
    );
  });
});
