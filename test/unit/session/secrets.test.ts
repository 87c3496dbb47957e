import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { FileTokenStore, TokenManager } from '../../../nodes/lib/session';
import type { AuthStrategy, TokenSet, TokenStatus } from '../../../nodes/lib/types';
import { expiredError, recordingLogger } from './helpers';

/** An axios-shaped failure that carries the secrets the way real axios errors do (headers, body). */
function axiosFailure(status: number, secrets: { accessToken: string; refreshToken: string; password: string }, body: unknown = {}): Error {
  return Object.assign(new Error(`Request failed with status code ${status}`), {
    isAxiosError: true,
    config: {
      headers: { Authorization: `Bearer ${secrets.accessToken}` },
      data: `grant_type=refresh_token&refresh_token=${encodeURIComponent(secrets.refreshToken)}&password=${secrets.password}`,
    },
    request: { _header: `POST /token HTTP/1.1\r\nAuthorization: Bearer ${secrets.accessToken}\r\n` },
    response: { status, headers: {}, data: body },
  });
}

function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), `Bearer ${secret}`];
}

describe('session: no secret leaks', () => {
  it('P17 tokens, refresh tokens and passwords never appear in logs, state events, status or thrown errors, on every failure path', async () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9._~-]{20,60}$/);
    await fc.assert(
      fc.asyncProperty(secret, secret, secret, async (accessToken, refreshToken, password) => {
        const secrets = { accessToken, refreshToken, password };
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hk-secret-'));
        const log = recordingLogger();
        const sinks: string[] = [];
        let refreshes = 0;
        let loginOk = true;
        let canLogin = true;
        const strategy: AuthStrategy = {
          identity: 'eu|hyundai|user',
          get canLogin() {
            return canLogin;
          },
          async login(): Promise<TokenSet> {
            if (!loginOk) throw axiosFailure(401, secrets, { errCode: '4003', errMsg: 'invalid values' });
            return { accessToken, refreshToken, expiresAt: Date.now() + 3_600_000, password };
          },
          async refresh(): Promise<TokenSet> {
            refreshes += 1;
            if (refreshes <= 3) throw axiosFailure(503, secrets, { resMsg: 'Service temporary unavailable' });
            throw axiosFailure(400, secrets, { retCode: 'F', resCode: '7501', resMsg: 'refresh token rejected' });
          },
        };
        const store = new FileTokenStore({ dir, logger: log });
        const m = new TokenManager({ strategy, store, logger: log, retryBaseMs: 0, refreshAttempts: 3 });
        m.on('state', (s: TokenStatus) => sinks.push(JSON.stringify(s)));
        const capture = async (p: Promise<unknown>, code: string | null) => {
          try {
            await p;
            assert.equal(null, code);
          } catch (err) {
            const e = err as Error & { code?: string };
            assert.equal(e.code, code);
            sinks.push(e.message, String(e.stack), JSON.stringify(err), JSON.stringify(Object.assign({}, err)));
          }
        };
        await capture(m.getAccessToken(), null); // login
        canLogin = false; // refresh-token mode from here
        await capture(
          m.executeWithRetry(async () => Promise.reject(expiredError())),
          'TOKEN_REFRESH_FAILED',
        ); // 3 × 503
        await capture(m.refreshTokenSafely(), 'AUTH_FAILED'); // 7501: refresh token rejected → reauth-required
        await capture(
          m.executeWithRetry(async () => 'x'),
          'AUTH_FAILED',
        );
        canLogin = true;
        loginOk = false;
        await capture(m.refreshToken(), 'AUTH_FAILED'); // "Refresh now": rejected again, login rejected too
        sinks.push(JSON.stringify(m.status()));
        await m.stop();
        sinks.push(log.text());
        for (const file of await fs.readdir(dir)) sinks.push(await fs.readFile(path.join(dir, file), 'utf8'));
        await fs.rm(dir, { recursive: true, force: true });

        assert.equal(m.status().state, 'reauth-required');
        const all = sinks.join('\n');
        for (const s of [accessToken, refreshToken, password]) {
          for (const form of forms(s)) assert.ok(!all.includes(form), 'a secret leaked');
        }
      }),
      { numRuns: 25 },
    );
  });
});
