// createAccount checks every AccountOptions field for type and range (CONFIG_INVALID naming the
// field), before any cloud call; an unknown vehicle costs at most one car-list read every 5 minutes.
import assert from 'node:assert/strict';
import { createAccount, OPTION_RANGES, VehicleError, type AccountOptions } from '../../../nodes/lib';
import { harness, type Harness } from '../account/helpers';

const base: AccountOptions = { region: 'eu', brand: 'kia', authMode: 'refreshToken', credentials: { refreshToken: 'A'.repeat(48) } };

function refused(options: unknown, field: string): void {
  assert.throws(
    () => createAccount(options as AccountOptions),
    (e: VehicleError) => e.code === 'CONFIG_INVALID' && e.message.includes(field),
    `${field}: ${JSON.stringify(options, (_k, v) => (typeof v === 'function' ? 'fn' : v))}`,
  );
}

describe('hardening: AccountOptions', () => {
  it('refuses wrong types and ranges at createAccount, naming the field', () => {
    const cases: Array<[Partial<Record<keyof AccountOptions, unknown>>, string]> = [
      [{ credentials: { refreshToken: 12345 } }, 'credentials'],
      [{ credentials: 'token' }, 'credentials'],
      [{ credentials: { refreshToken: 'x', token: 'y' } }, 'credentials'],
      [{ autoRefresh: 'false' }, 'autoRefresh'],
      [{ logger: 'console' }, 'logger'],
      [{ logger: { info() {} } }, 'logger'],
      [{ tokenStoreDir: 42 }, 'tokenStoreDir'],
      [{ tokenStoreDir: '' }, 'tokenStoreDir'],
      [{ tokenStoreSecret: 7 }, 'tokenStoreSecret'],
      [{ refreshBufferMinutes: '5' }, 'refreshBufferMinutes'],
      [{ refreshBufferMinutes: 0 }, 'refreshBufferMinutes'],
      [{ refreshBufferMinutes: 61 }, 'refreshBufferMinutes'],
      [{ keepaliveMinutes: 2 }, 'keepaliveMinutes'],
      [{ keepaliveMinutes: NaN }, 'keepaliveMinutes'],
      [{ requestTimeoutSeconds: 0 }, 'requestTimeoutSeconds'],
      [{ requestTimeoutSeconds: 600 }, 'requestTimeoutSeconds'],
      [{ requestTimeoutSeconds: '30' }, 'requestTimeoutSeconds'],
      [{ apiBaseUrl: 8080 }, 'apiBaseUrl'],
      [{ authMode: 'token' }, 'authMode'],
      [{ isolated: 1 }, 'isolated'],
      [{ confirmPollSeconds: -1 }, 'confirmPollSeconds'],
      [{ now: 5 }, 'now'],
      [{ region: 'mars' }, 'region'],
      [{ brand: 'tesla' }, 'brand'],
    ];
    for (const [patch, field] of cases) refused({ ...base, ...patch }, field);
    refused(null, 'options');
    refused([], 'options');
  });

  it('accepts every field at its bounds and leaves the defaults to absent fields', async () => {
    const r = OPTION_RANGES;
    const ok: AccountOptions[] = [
      {
        ...base,
        refreshBufferMinutes: r.refreshBufferMinutes.min,
        keepaliveMinutes: r.keepaliveMinutes.off,
        requestTimeoutSeconds: r.requestTimeoutSeconds.min,
      },
      {
        ...base,
        refreshBufferMinutes: r.refreshBufferMinutes.max,
        keepaliveMinutes: r.keepaliveMinutes.max,
        requestTimeoutSeconds: r.requestTimeoutSeconds.max,
        autoRefresh: false,
      },
      { ...base, apiBaseUrl: 'http://127.0.0.1:9', logger: { debug() {}, info() {}, warn() {}, error() {} } },
    ];
    for (const options of ok) await createAccount({ ...options, autoRefresh: false }).close();
  });

  describe('an unknown vehicle', () => {
    let h: Harness;
    let now: number;
    beforeEach(async () => {
      h = await harness();
      now = Date.now();
    });
    afterEach(() => h.close());

    it('costs at most one car-list read every 5 minutes', async () => {
      const account = h.eu({ now: () => now });
      await account.refreshCached(); // the list is read once here
      const reads = (): number => h.sim.control.counters().apiCalls['GET /api/v1/spa/vehicles'] ?? 0;
      const first = reads();
      for (let i = 0; i < 20; i++) await assert.rejects(account.refreshCached('NO-SUCH-CAR'), { code: 'CONFIG_INVALID' });
      assert.equal(reads(), first, 'read less than 5 minutes ago: not again');
      now += 5 * 60_000;
      for (let i = 0; i < 20; i++) await assert.rejects(account.refreshCached('NO-SUCH-CAR'), { code: 'CONFIG_INVALID' });
      assert.equal(reads(), first + 1, 'one read after 5 minutes, however many messages');
    });
  });
});
