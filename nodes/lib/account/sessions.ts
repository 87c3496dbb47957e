// One session per cloud identity, shared by every Account that names it: two config nodes for the same
// cloud account must not refresh separately, because the clouds rotate refresh tokens and a second
// refresh with an old one can revoke both (contract section 5). Reference-counted; the last release
// stops the timers and persists.
import { TokenManager, FileTokenStore } from '../session';
import type { CloudClient, CloudVehicle } from '../clouds/types';
import type { AccountOptions } from './options';
import { VehicleQueue } from './vehicle-queue';

export interface SharedSession {
  readonly identity: string;
  readonly client: CloudClient;
  readonly manager: TokenManager;
  /** Commands for one car run one at a time (the clouds reject a second one in flight). */
  readonly queue: VehicleQueue;
  vehicles: CloudVehicle[] | null;
  /** When the car list was last asked for (epoch ms), so an unknown car does not re-read it on every call. */
  vehiclesReadAt?: number;
  /** The car list being read right now, shared by everyone who needs it meanwhile. */
  vehiclesLoading: Promise<CloudVehicle[]> | null;
  /** Runs when the last user lets go (e.g. stops the demo simulator). */
  dispose?: () => Promise<void>;
}

/** What the first Account of a session decides for it. */
export type SessionSettings = Pick<
  AccountOptions,
  'refreshBufferMinutes' | 'keepaliveMinutes' | 'autoRefresh' | 'tokenStoreDir' | 'tokenStoreSecret' | 'logger' | 'now'
>;

interface Entry {
  session: Promise<SharedSession>;
  users: number;
}

const sessions = new Map<string, Entry>();

/**
 * Joins the session for `identity`, creating it with `create` when nobody holds it yet. The first
 * Account's settings (buffer, keepalive, store) decide; later ones share what is there.
 */
export function acquireSession(
  identity: string,
  create: () => Promise<{ client: CloudClient; dispose?: () => Promise<void> }>,
  settings: SessionSettings,
): Promise<SharedSession> {
  const existing = sessions.get(identity);
  if (existing) {
    existing.users += 1;
    return existing.session;
  }
  const session = (async (): Promise<SharedSession> => {
    const { client, dispose } = await create();
    const store = settings.tokenStoreDir ? new FileTokenStore({ dir: settings.tokenStoreDir, secret: settings.tokenStoreSecret, logger: settings.logger }) : undefined;
    const manager = new TokenManager({
      strategy: client.strategy,
      refreshBufferMinutes: settings.refreshBufferMinutes,
      keepaliveMinutes: settings.keepaliveMinutes,
      autoRefresh: settings.autoRefresh,
      store,
      logger: settings.logger,
      now: settings.now,
    });
    manager.start();
    return { identity, client, manager, queue: new VehicleQueue(), vehicles: null, vehiclesLoading: null, dispose };
  })();
  const entry: Entry = { session, users: 1 };
  sessions.set(identity, entry);
  // A session that could not be created is forgotten, so the next Account tries again.
  session.catch(() => {
    if (sessions.get(identity) === entry) sessions.delete(identity);
  });
  return session;
}

/** Leaves the session; the last one out stops it (timers off, tokens persisted). */
export async function releaseSession(identity: string): Promise<void> {
  const entry = sessions.get(identity);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  sessions.delete(identity);
  const session = await entry.session.catch(() => null);
  if (!session) return;
  await session.manager.stop();
  await session.client.close?.();
  await session.dispose?.();
}

/** How many sessions are alive (for tests and the re-deploy leak check). */
export function activeSessionCount(): number {
  return sessions.size;
}
