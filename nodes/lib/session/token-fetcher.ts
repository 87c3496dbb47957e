// Getting a new token set from the cloud: the refresh grant, or a login, with bounded retries.
//
// - Transient failures are retried (default 3 attempts, backoff.ts delays).
// - If an attempt may have reached the server and a login is possible, the next attempt logs in
//   instead of presenting the same refresh token again: a rotating cloud that already consumed it
//   would see a reuse and revoke the whole chain (RFC 9700 section 4.14).
// - A rejected refresh token falls back to a login when possible; a rejected login, or a rejected
//   refresh token without a password, is AUTH_FAILED: the session must stop calling the cloud.
// - The new set keeps the old refresh token only when the cloud sent none (golang/oauth2 rule), and
//   is stamped with the time the request started, so its lifetime is never overestimated.

import { VehicleError, classifyError, toVehicleError } from '../errors';
import type { AuthStrategy, Logger, TokenSet } from '../types';
import { SESSION_LIFETIME_MS } from './refresh-schedule';
import { backoffDelay, type BackoffOptions, type CancellableSleep } from './backoff';
import { isCloudFault, isRejection, isTransient, mayHaveReachedServer, sessionClosedError } from './refresh-failures';

export interface FetchContext {
  strategy: AuthStrategy;
  attempts: number;
  backoff: BackoffOptions;
  sleeper: CancellableSleep;
  /** No retry starts after this long (a hung cloud: each attempt waits out the request timeout). */
  budgetMs?: number;
  now: () => number;
  logger: Logger;
}

export interface Fetched {
  tokens: TokenSet;
  grant: 'refresh' | 'login';
  attempts: number;
}

export async function fetchTokens(current: TokenSet | null, ctx: FetchContext): Promise<Fetched> {
  const { strategy, logger } = ctx;
  const canLogin = strategy.canLogin !== false;
  let grant: 'refresh' | 'login' = current?.refreshToken ? 'refresh' : 'login';
  if (grant === 'login' && !canLogin) {
    throw new VehicleError('AUTH_FAILED', 'No refresh token and no password: re-login required', { retryable: false });
  }
  const started = ctx.now();
  let attempts = 0;
  let failures = 0;
  for (;;) {
    attempts += 1;
    const requestedAt = ctx.now();
    try {
      const fresh = grant === 'refresh' ? await strategy.refresh(current as TokenSet) : await strategy.login();
      return { tokens: stamp(fresh, grant === 'refresh' ? current : null, requestedAt), grant, attempts };
    } catch (err) {
      // A sign-in that needed a one-time code nobody gave: another grant would only ask again.
      if (err instanceof VehicleError && err.otpRequired) throw withAttempts(err, attempts, ctx.now() - started);
      if (isRejection(err)) {
        if (grant === 'refresh' && canLogin) {
          logger.info('Token refresh: the refresh token was rejected; logging in with the password');
          grant = 'login';
          continue;
        }
        throw withAttempts(asAuthFailed(err, grant), attempts, ctx.now() - started);
      }
      failures += 1;
      if (!isTransient(err)) throw withAttempts(toVehicleError(err, 'Token refresh'), attempts, ctx.now() - started);
      const retryAfter = classifyError(err).retryAfterSeconds;
      const delay = backoffDelay(failures, ctx.backoff, retryAfter);
      if (failures >= ctx.attempts || ctx.now() - started + delay >= (ctx.budgetMs ?? Infinity)) {
        const last = toVehicleError(err);
        // No cloud reached, or none that answered readably: say so, rather than blame the refresh.
        const code = isCloudFault(last) ? 'CLOUD_UNAVAILABLE' : 'TOKEN_REFRESH_FAILED';
        const what = grant === 'login' ? 'Login' : 'Token refresh';
        const detail = /failed: /.test(last.message) ? last.message : `${what} failed: ${last.message}`;
        throw new VehicleError(code, `${detail} (${attempts} attempts)`, {
          retryable: true,
          retryAfterSeconds: retryAfter,
          cloudCode: last.cloudCode,
          httpStatus: last.httpStatus,
          attempts,
          durationMs: ctx.now() - started,
        });
      }
      if (grant === 'refresh' && canLogin && mayHaveReachedServer(err)) grant = 'login';
      logger.info(
        `Token refresh attempt ${attempts} failed (${toVehicleError(err).code}); retrying with ${grant === 'login' ? 'a login' : 'the refresh token'} in ${delay} ms`,
      );
      if (!(await ctx.sleeper.sleep(delay))) throw sessionClosedError();
    }
  }
}

/**
 * Whatever a strategy returns, the session keeps a set whose dates work: an access token is a
 * non-empty string, and the lifetime is clamped to SESSION_LIFETIME_MS (a negative one would
 * refresh before every call, a huge one breaks Date). A set without a usable access token is a
 * cloud fault (CLOUD_UNAVAILABLE, retried), not a refusal.
 */
function stamp(fresh: TokenSet, previous: TokenSet | null, requestedAt: number): TokenSet {
  if (
    !fresh ||
    typeof fresh.accessToken !== 'string' ||
    !fresh.accessToken ||
    typeof fresh.expiresAt !== 'number' ||
    Number.isNaN(fresh.expiresAt)
  ) {
    throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no usable access token', { retryable: true });
  }
  const merged: TokenSet = previous ? { ...previous, ...fresh } : { ...fresh };
  merged.refreshToken = fresh.refreshToken ?? (previous ? previous.refreshToken : undefined);
  if (merged.refreshToken === undefined) delete merged.refreshToken;
  const issuedAt =
    typeof fresh.issuedAt === 'number' && Math.abs(fresh.issuedAt - requestedAt) <= SESSION_LIFETIME_MS.max ? fresh.issuedAt : requestedAt;
  const lifetime = Math.min(SESSION_LIFETIME_MS.max, Math.max(SESSION_LIFETIME_MS.min, fresh.expiresAt - issuedAt));
  merged.issuedAt = issuedAt;
  merged.expiresAt = issuedAt + lifetime;
  return merged;
}

function asAuthFailed(err: unknown, grant: 'refresh' | 'login'): VehicleError {
  const detail = toVehicleError(err);
  const what = grant === 'login' ? 'The cloud rejected the login' : 'The cloud rejected the refresh token';
  return new VehicleError('AUTH_FAILED', `${what}: re-login required (${detail.message})`, {
    retryable: false,
    cloudCode: detail.cloudCode,
    httpStatus: detail.httpStatus,
    otpRequired: detail.otpRequired,
  });
}

function withAttempts(err: VehicleError, attempts: number, durationMs: number): VehicleError {
  err.attempts = attempts;
  err.durationMs = durationMs;
  return err;
}
