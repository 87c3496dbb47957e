// One session per cloud identity, shared by every Account that names it: two config nodes for the same
// cloud account must not refresh separately, because the clouds rotate refresh tokens and a second
// refresh with an old one can revoke both (contract section 5). Reference-counted; the last release
// stops the timers and persists.
import { TokenManager, FileTokenStore } from '../session';
import type { CloudClient, CloudVehicle } from '../clouds/types';
import type { TokenStatus } from '../types';
import type { AccountOptions } from './options';
import { OtpGate } from './otp-gate';
import { VehicleQueue } from './vehicle-queue';
import { EncryptedCarMemoryFile, NO_FILE, SessionProtection, resolveProtection, type SessionEvent } from '../protect';
import type { HeaderTap } from '../protect/rate-headers';

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
  /** Budget, forced-read governor, last known states, session events and the poll of this cloud login. */
  readonly protection: SessionProtection;
  /** Runs when the last user lets go (e.g. stops the demo simulator). */
  dispose?: () => Promise<void>;
  /** Where the session's cloud client gets a one-time code from (Kia USA), and whether one is awaited. */
  readonly otp: OtpGate;
}

/** The session's status; `otp-required` while a sign-in waits for a one-time code. */
export function sessionStatus(session: SharedSession): TokenStatus {
  return statusOf(session.manager, session.otp);
}

function statusOf(manager: TokenManager, otp: OtpGate): TokenStatus {
  const status = manager.status();
  return otp.pending ? { ...status, state: 'otp-required' } : status;
}

/** What a session's creator hands over: the client, and where the client's answers can be read. */
export interface SessionParts {
  client: CloudClient;
  headers?: HeaderTap;
  dispose?: () => Promise<void>;
  /** The one-time-code gate of clouds that ask for a code; absent: a gate nobody waits at. */
  otp?: OtpGate;
}

/** What the first Account of a session decides for it. */
export type SessionSettings = Pick<
  AccountOptions,
  'refreshBufferMinutes' | 'keepaliveMinutes' | 'autoRefresh' | 'tokenStoreDir' | 'tokenStoreSecret' | 'logger' | 'now'
> & {
  /** The protection rules (budget, governor, poll) and how to run one poll of the session's cars. */
  protection?: { region: string; options: AccountOptions; poll?: (session: SharedSession) => Promise<void> };
};

interface Entry {
  session: Promise<SharedSession>;
  users: number;
}

const sessions = new Map<string, Entry>();

/**
 * Joins the session for `identity`, creating it with `create` when nobody holds it yet. The first
 * Account's settings (buffer, keepalive, store) decide; later ones share what is there.
 */
export function acquireSession(identity: string, create: () => Promise<SessionParts>, settings: SessionSettings): Promise<SharedSession> {
  const existing = sessions.get(identity);
  if (existing) {
    existing.users += 1;
    return existing.session;
  }
  const session = (async (): Promise<SharedSession> => {
    const { client, dispose, headers, otp } = await create();
    const store = settings.tokenStoreDir
      ? new FileTokenStore({ dir: settings.tokenStoreDir, secret: settings.tokenStoreSecret, logger: settings.logger })
      : undefined;
    const manager = new TokenManager({
      strategy: client.strategy,
      refreshBufferMinutes: settings.refreshBufferMinutes,
      keepaliveMinutes: settings.keepaliveMinutes,
      autoRefresh: settings.autoRefresh,
      store,
      logger: settings.logger,
      now: settings.now,
    });
    const now = settings.now ?? Date.now;
    const rules = resolveProtection(settings.protection?.options ?? {}, settings.protection?.region ?? 'eu');
    const memoryFile = settings.tokenStoreDir
      ? new EncryptedCarMemoryFile(settings.tokenStoreDir, identity, settings.tokenStoreSecret, settings.logger)
      : NO_FILE;
    const protection = new SessionProtection(rules, now, memoryFile, () => manager.lastFailureAttempts());
    await protection.load();
    const gate = otp ?? new OtpGate();
    // A code awaited is a state of its own (`otp-required`), for the events as for the badges.
    const observe = (): void => protection.observeSession(statusOf(manager, gate));
    observe();
    manager.on('state', observe);
    gate.on('change', observe);
    if (headers) headers.listener = (h) => protection.budget.observeHeaders(h);
    protection.on('event', (e: SessionEvent) => {
      if (e.event === 'rate-limited')
        settings.logger?.warn(
          `Protection: rate limited; calls that reach the car pause for ${String(e.retryAfterSeconds)} s (until the reset)`,
        );
      if (e.event === 'budget-low')
        settings.logger?.info(`Protection: ${String(e.used)} of the day's ${String(e.limit)} calls to the car used`);
    });
    manager.start();
    const shared: SharedSession = {
      identity,
      client,
      manager,
      queue: new VehicleQueue(),
      vehicles: null,
      vehiclesLoading: null,
      protection,
      dispose,
      otp: gate,
    };
    const poll = settings.protection?.poll;
    if (poll) protection.startPolling(() => poll(shared));
    return shared;
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
  await session.protection.close();
  await session.manager.stop();
  await session.client.close?.();
  await session.dispose?.();
}

/** How many sessions are alive (for tests and the re-deploy leak check). */
export function activeSessionCount(): number {
  return sessions.size;
}
