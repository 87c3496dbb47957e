// createAccount: builds the region's cloud client (the region table says how), joins (or starts) the
// shared session for its identity, and hands back an Account at once.
import { randomUUID } from 'node:crypto';
import { createHttp } from '../clouds/http';
import { Account } from './account';
import { OPTION_RANGES, checkAccountOptions, type AccountOptions } from './options';
import { REGIONS } from './regions';
import { OtpGate } from './otp-gate';
import { acquireSession, releaseSession } from './sessions';
import { pollCars } from './reads';
import { resolveProtection } from '../protect';
import { tapHeaders } from '../protect/rate-headers';
import { nextLocalMidnight } from '../protect/local-day';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createAccount(options: AccountOptions): Account {
  checkAccountOptions(options);
  const now = options.now ?? Date.now;
  const settings = {
    refreshBufferMinutes: options.refreshBufferMinutes,
    keepaliveMinutes: options.keepaliveMinutes,
    autoRefresh: options.autoRefresh,
    logger: options.logger,
    now: options.now,
    protection: { region: options.region, options, poll: pollCars },
  };
  const row = REGIONS[options.region];
  let identity: string;
  let session;
  if (row.inProcess) {
    identity = options.region;
    // Its tokens belong to a cloud that dies with the process: nothing to persist.
    session = acquireSession(identity, () => row.inProcess(now), settings);
  } else {
    const otp = new OtpGate(); // the session's, if this account starts it; else the running session has one
    const http = createHttp({ timeoutMs: (options.requestTimeoutSeconds ?? OPTION_RANGES.requestTimeoutSeconds.default) * 1000 });
    const { http: seen, tap: headers } = tapHeaders(http); // the budget reads the cloud's X-RateLimit-* headers here
    const client = row.client(options, { now, otp, http: seen }); // throws CONFIG_INVALID at once for what the cloud cannot serve
    identity = client.strategy.identity ?? `${options.region}:${options.brand}`;
    const isolated = options.isolated === true && (options.authMode ?? 'password') === 'password';
    if (isolated) identity = `${identity}:isolated:${randomUUID()}`;
    session = acquireSession(identity, async () => ({ client, otp, headers }), {
      ...settings,
      tokenStoreDir: isolated ? undefined : options.tokenStoreDir,
      tokenStoreSecret: options.tokenStoreSecret,
    });
  }
  return new Account({
    session,
    release: () => releaseSession(identity),
    now,
    sleep,
    logger: options.logger,
    idleBudget: () => ({
      used: 0,
      limit: resolveProtection(options, options.region).dailyBudget,
      resetsAt: new Date(nextLocalMidnight(now())).toISOString(),
    }),
    confirmPollMs: (options.confirmPollSeconds ?? (row.inProcess ? row.confirmPollSeconds : 5)) * 1000,
    otp: options.otp,
  });
}
