// The token store on disk: one encrypted file per cloud identity under `dir` (the node uses
// `<userDir>/hyundai-kia/`). The file name is a hash of the identity, so neither the user name nor
// the region shows in a directory listing.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../types';
import { removeStaleTemps, writeFileAtomic } from './atomic-file';
import { keyFromFile, keyFromSecret, open, seal } from './token-cipher';
import type { StoreDamage, StoredTokens, TokenStore } from './token-store';

export interface FileTokenStoreOptions {
  dir: string;
  /** Node-RED's credentialSecret; without it a random key file is kept in `dir`. */
  secret?: string;
  logger?: Logger;
}

export class FileTokenStore implements TokenStore {
  private readonly dir: string;
  private readonly secret?: string;
  private readonly logger?: Logger;
  private key: Promise<Buffer> | null = null;
  private readonly damage = new Map<string, StoreDamage>();
  /** One write at a time per file within this process; the last save wins. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(options: FileTokenStoreOptions) {
    this.dir = path.resolve(options.dir);
    this.secret = options.secret || undefined;
    this.logger = options.logger;
  }

  /** The file that holds `identity`'s tokens. */
  fileFor(identity: string): string {
    return path.join(this.dir, `${fileNameFor(identity)}.json`);
  }

  async load(identity: string): Promise<StoredTokens | null> {
    const file = this.fileFor(identity);
    this.damage.delete(identity);
    await removeStaleTemps(file);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      this.damage.set(identity, 'unreadable');
      this.logger?.warn(`Token store: cannot read ${path.basename(file)} (${errorCode(err)}); starting without stored tokens`);
      return null;
    }
    let plain: string;
    try {
      plain = open(await this.getKey(), text, fileNameFor(identity));
    } catch {
      this.damage.set(identity, 'undecryptable');
      this.logger?.warn(
        `Token store: ${path.basename(file)} cannot be decrypted with this key; was Node-RED's credentialSecret changed (or the key file in ${path.basename(this.dir)} removed)? Starting without stored tokens`,
      );
      return null;
    }
    try {
      const payload = JSON.parse(plain) as { identity: string; stored: StoredTokens };
      if (payload.identity !== identity || !isStoredTokens(payload.stored)) throw new Error('unexpected content');
      return payload.stored;
    } catch {
      this.damage.set(identity, 'damaged');
      this.logger?.warn(`Token store: ${path.basename(file)} is damaged; starting without stored tokens`);
      return null;
    }
  }

  unreadable(identity: string): StoreDamage | null {
    return this.damage.get(identity) ?? null;
  }

  save(identity: string, stored: StoredTokens): Promise<void> {
    const file = this.fileFor(identity);
    const previous = this.writes.get(file) ?? Promise.resolve();
    const write = previous.catch(() => undefined).then(() => this.write(identity, file, stored));
    this.writes.set(file, write);
    const forget = (): void => {
      if (this.writes.get(file) === write) this.writes.delete(file);
    };
    write.then(forget, forget);
    return write;
  }

  private async write(identity: string, file: string, stored: StoredTokens): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const sealed = seal(await this.getKey(), JSON.stringify({ identity, stored }), fileNameFor(identity));
    await writeFileAtomic(file, sealed, 0o600);
  }

  private getKey(): Promise<Buffer> {
    if (!this.key) {
      this.key = this.secret
        ? Promise.resolve(keyFromSecret(this.secret))
        : fs.mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => keyFromFile(this.dir));
      // A failed key read is retried next time instead of being remembered.
      this.key.catch(() => (this.key = null));
    }
    return this.key;
  }
}

export function fileNameFor(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function isStoredTokens(value: unknown): value is StoredTokens {
  const v = value as StoredTokens | null;
  return (
    !!v &&
    typeof v === 'object' &&
    !!v.tokens &&
    typeof v.tokens.accessToken === 'string' &&
    typeof v.tokens.expiresAt === 'number' &&
    Number.isFinite(v.tokens.expiresAt)
  );
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}
