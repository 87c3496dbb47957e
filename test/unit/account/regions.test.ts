// The region table is the one owner of "which brands and sign-in modes a region has": the option
// checks, createAccount and the dialog's choices all follow it.
import assert from 'node:assert/strict';
import { checkAccountOptions } from '../../../nodes/lib/account/options';
import { REGION_NAMES, REGIONS, regionChoices, regionRow } from '../../../nodes/lib/account/regions';
import { VehicleError } from '../../../nodes/lib/errors';
import type { AccountOptions } from '../../../nodes/lib/account/options';

const refused = (options: Partial<AccountOptions>, message: RegExp) =>
  assert.throws(
    () => checkAccountOptions({ credentials: { username: 'u', password: 'p' }, ...options } as AccountOptions),
    (err: unknown) => err instanceof VehicleError && err.code === 'CONFIG_INVALID' && message.test(err.message),
  );

describe('region table', () => {
  it('refuses a region it has no row for, naming the rows it has', () => {
    refused({ region: 'mars' as AccountOptions['region'], brand: 'kia' }, new RegExp(REGION_NAMES.join(', ')));
    assert.equal(regionRow('toString'), undefined);
  });

  it("refuses a brand or sign-in mode the region's row does not list", () => {
    refused({ region: 'nz', brand: 'hyundai' }, /brand must be one of kia/);
    refused({ region: 'in', brand: 'genesis' }, /brand must be one of hyundai, kia/);
    refused({ region: 'us', brand: 'hyundai', authMode: 'refreshToken', credentials: { refreshToken: 'x' } }, /"password"/);
    assert.doesNotThrow(() =>
      checkAccountOptions({ region: 'eu', brand: 'genesis', authMode: 'refreshToken', credentials: { refreshToken: 'x' } }),
    );
  });

  it('builds no client and needs no credentials for the in-process demo row', () => {
    assert.ok(REGIONS.demo.inProcess);
    assert.doesNotThrow(() => checkAccountOptions({ region: 'demo', brand: 'hyundai', credentials: {} }));
  });

  it("gives the dialog every row's brands and modes as plain data", () => {
    const choices = regionChoices();
    assert.deepEqual(Object.keys(choices), REGION_NAMES);
    for (const name of REGION_NAMES) {
      assert.deepEqual(choices[name].brands, [...REGIONS[name].brands]);
      assert.deepEqual(choices[name].authModes, [...REGIONS[name].authModes]);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(choices)), choices);
  });
});
