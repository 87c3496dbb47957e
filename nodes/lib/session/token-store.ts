// Where a session keeps its token set between restarts, keyed by the cloud identity. Rotating
// clouds invalidate the old refresh token at every refresh, so the newest set must survive a
// restart or re-deploy (contract section 5, "Persistence").

import type { TokenSet } from '../types';

export interface StoredTokens {
  tokens: TokenSet;
  /** The strategy's `seedFingerprint` when the set was saved (null when it had none). */
  fingerprint: string | null;
  /** Epoch ms. */
  savedAt: number;
}

export interface TokenStore {
  /** The stored set, or null when there is none or it cannot be read. Never throws for bad files. */
  load(identity: string): Promise<StoredTokens | null>;
  /** Stores durably before resolving. */
  save(identity: string, stored: StoredTokens): Promise<void>;
  /**
   * Why the last load of `identity` found a set it could not use (null: none, or none stored).
   * A session whose chain exists but cannot be read must not spend the pasted refresh token again.
   */
  unreadable?(identity: string): StoreDamage | null;
}

/** `undecryptable`: written with another key (a changed credentialSecret, a lost key file). */
export type StoreDamage = 'undecryptable' | 'damaged' | 'unreadable';

/** Keeps sets for the life of the process only (no `tokenStoreDir` configured, and tests). */
export class MemoryTokenStore implements TokenStore {
  private readonly sets = new Map<string, string>();

  async load(identity: string): Promise<StoredTokens | null> {
    const text = this.sets.get(identity);
    return text === undefined ? null : (JSON.parse(text) as StoredTokens);
  }

  async save(identity: string, stored: StoredTokens): Promise<void> {
    // A copy, so a caller mutating its object cannot change what was "persisted".
    this.sets.set(identity, JSON.stringify(stored));
  }
}
