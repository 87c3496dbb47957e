// Retry on expiry (docs/contract.md §5): an operation that failed because the cloud says its access
// token expired runs once more with a new token; a second expiry is AUTH_FAILED, never a loop.
// Every other error is rethrown as the very same object. A rejected call is safe to repeat: the
// cloud turned it away before acting on it.

import { VehicleError, isTokenExpiredError } from '../errors';
import type { TokenSet } from '../types';

export interface ExpiryRetryHooks {
  /** A token set that replaces `used` (single flight: may be one another caller already got). */
  replace(used: TokenSet): Promise<TokenSet>;
  /** Sees every other failure before it is rethrown (the circuit breaker counts here). */
  failed(err: unknown): void;
}

export async function withExpiryRetry<T>(op: (accessToken: string) => Promise<T>, tokens: TokenSet, hooks: ExpiryRetryHooks): Promise<T> {
  try {
    return await op(tokens.accessToken);
  } catch (err) {
    if (!isTokenExpiredError(err)) throw passOn(err, hooks);
  }
  const fresh = await hooks.replace(tokens);
  try {
    return await op(fresh.accessToken);
  } catch (err) {
    if (!isTokenExpiredError(err)) throw passOn(err, hooks);
    throw new VehicleError('AUTH_FAILED', 'The cloud rejected a freshly refreshed access token as expired', {
      retryable: false,
      attempts: 2,
    });
  }
}

function passOn(err: unknown, hooks: ExpiryRetryHooks): unknown {
  hooks.failed(err);
  return err;
}
