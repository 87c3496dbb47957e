// What the account remembers between restarts besides its tokens: the last good state of each car
// (served as stale data when the cloud cannot answer), when each car was last forced, and the day's
// budget. One encrypted file per cloud identity beside the token store (same key, same atomic write),
// because a state holds the car's position and a VIN.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger, VehicleInfo, VehicleState } from '../types';
import { removeStaleTemps, writeFileAtomic } from '../session/atomic-file';
import { keyFromFile, keyFromSecret, open, seal } from '../session/token-cipher';
import type { BudgetSnapshot } from './budget';

export interface KnownState {
  vehicle: VehicleInfo;
  state: VehicleState;
  /** When the account received it (epoch ms). */
  receivedAt: number;
}

export interface Remembered {
  cars: Record<string, KnownState>;
  forcedAt: Record<string, number>;
  budget: BudgetSnapshot | null;
}

export function emptyMemory(): Remembered {
  return { cars: {}, forcedAt: {}, budget: null };
}

export interface CarMemoryFile {
  load(): Promise<Remembered>;
  save(memory: Remembered): Promise<void>;
}

/** No directory: the memory lives as long as the process. */
export const NO_FILE: CarMemoryFile = { load: async () => emptyMemory(), save: async () => undefined };

export class EncryptedCarMemoryFile implements CarMemoryFile {
  private readonly file: string;
  private readonly aad: string;
  private key: Promise<Buffer> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private pending: Remembered | null = null;

  constructor(
    private readonly dir: string,
    identity: string,
    private readonly secret: string | undefined,
    private readonly logger?: Logger,
  ) {
    this.aad = createHash('sha256').update(`car-memory:${identity}`).digest('hex').slice(0, 32);
    this.file = path.join(path.resolve(dir), `${this.aad}.state.json`);
  }

  async load(): Promise<Remembered> {
    await removeStaleTemps(this.file);
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger?.warn(`Car memory: cannot read ${path.basename(this.file)}; starting without last known states`);
      return emptyMemory();
    }
    try {
      const parsed = JSON.parse(open(await this.getKey(), text, this.aad)) as Partial<Remembered>;
      return {
        cars: parsed.cars && typeof parsed.cars === 'object' ? parsed.cars : {},
        forcedAt: parsed.forcedAt && typeof parsed.forcedAt === 'object' ? parsed.forcedAt : {},
        budget: parsed.budget ?? null,
      };
    } catch {
      this.logger?.warn(`Car memory: ${path.basename(this.file)} cannot be decrypted or is damaged; starting without last known states`);
      return emptyMemory();
    }
  }

  /** Writes one after the other; a save asked for while one runs writes only the newest memory. */
  save(memory: Remembered): Promise<void> {
    const first = this.pending === null;
    this.pending = memory;
    if (!first) return this.writing;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const latest = this.pending as Remembered;
        this.pending = null;
        await fs.mkdir(path.resolve(this.dir), { recursive: true, mode: 0o700 });
        await writeFileAtomic(this.file, seal(await this.getKey(), JSON.stringify(latest), this.aad), 0o600);
      });
    this.writing.catch((err: unknown) =>
      this.logger?.warn(`Car memory: cannot write ${path.basename(this.file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`),
    );
    return this.writing;
  }

  private getKey(): Promise<Buffer> {
    if (!this.key) {
      const dir = path.resolve(this.dir);
      this.key = this.secret
        ? Promise.resolve(keyFromSecret(this.secret))
        : fs.mkdir(dir, { recursive: true, mode: 0o700 }).then(() => keyFromFile(dir));
      this.key.catch(() => (this.key = null));
    }
    return this.key;
  }
}
