// The session's side of the token store: which set to start from, and saving after a refresh.
// A set is only reused when it was saved for the same configured credential (seedFingerprint), so
// a newly pasted refresh token wins over the stored chain of an old one. Store trouble is a
// warning, never a failure: the session works on from memory.

import { VehicleError, toVehicleError } from '../errors';
import type { AuthStrategy, Logger, TokenSet } from '../types';
import { SESSION_LIFETIME_MS } from './refresh-schedule';
import type { TokenStore } from './token-store';

export class TokenPersistence {
  /** A save failed; the set in memory is newer than the stored one. */
  pending = false;

  constructor(
    private readonly store: TokenStore | undefined,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** The stored set when it belongs to the strategy's credential, else the strategy's own seed. */
  async startingSet(strategy: AuthStrategy): Promise<TokenSet | null> {
    const identity = strategy.identity;
    if (this.store && identity) {
      const stored = await this.store.load(identity).catch((err: unknown) => {
        this.logger.warn(`Token session: could not read the token store (${toVehicleError(err).code})`);
        return null;
      });
      if (stored && (stored.fingerprint ?? null) === (strategy.seedFingerprint ?? null)) {
        this.logger.info('Token session: using the stored token set');
        return withSaneExpiry(stored.tokens, this.now());
      }
      const damage = stored ? null : (this.store.unreadable?.(identity) ?? null);
      // The stored chain exists but cannot be read, and the only way on is the pasted refresh token,
      // which that chain has most likely already spent: presenting it again looks like a reuse to a
      // rotating cloud (which revokes the whole chain). Ask the user instead.
      if (damage && strategy.canLogin === false && strategy.initial?.()?.refreshToken) throw storeLostError(damage);
    }
    return strategy.initial?.() ?? null;
  }

  async save(strategy: AuthStrategy, tokens: TokenSet): Promise<void> {
    const identity = strategy.identity;
    if (!this.store || !identity) return;
    try {
      await this.store.save(identity, { tokens, fingerprint: strategy.seedFingerprint ?? null, savedAt: this.now() });
      this.pending = false;
    } catch (err) {
      // Keep the new set in memory (the old refresh token may already be dead); the next refresh
      // or stop() writes again.
      this.pending = true;
      this.logger.warn(`Token session: could not store the new token set (${toVehicleError(err).code}); keeping it in memory`);
    }
  }
}

export function storeLostError(damage: string): VehicleError {
  const cause =
    damage === 'undecryptable'
      ? "it cannot be decrypted: most likely Node-RED's credentialSecret changed (or the store's key file was removed)"
      : damage === 'damaged'
        ? 'it is damaged'
        : 'it cannot be read (file permissions?)';
  return new VehicleError(
    'AUTH_FAILED',
    `The stored token chain for this account exists but ${cause}. The pasted refresh token was probably spent by that chain; paste a new refresh token and deploy, or press "Refresh now" to try the pasted one (re-login required)`,
    { retryable: false },
  );
}

/** A stored set whose expiry no session would have accepted (written before the bounds): refresh it first. */
function withSaneExpiry(tokens: TokenSet, now: number): TokenSet {
  const from = typeof tokens.issuedAt === 'number' && Number.isFinite(tokens.issuedAt) ? tokens.issuedAt : now;
  const lifetime = tokens.expiresAt - from;
  return Number.isFinite(lifetime) && lifetime <= SESSION_LIFETIME_MS.max ? tokens : { ...tokens, expiresAt: now };
}
