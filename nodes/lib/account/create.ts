// createAccount: picks the cloud client for the region, joins (or starts) the shared session for its
// identity, and hands back an Account at once; the `demo` region starts the built-in simulator.
import { randomUUID } from 'node:crypto';
import { createHttp } from '../clouds/http';
import { EuClient } from '../clouds/eu/client';
import { UsClient } from '../clouds/us/client';
import type { CloudClient } from '../clouds/types';
import { Account } from './account';
import { checkAccountOptions, type AccountOptions } from './options';
import { acquireSession, releaseSession } from './sessions';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function cloudClient(o: AccountOptions, now: () => number): CloudClient {
  const http = createHttp();
  if (o.region === 'us') {
    return new UsClient({ http, brand: o.brand, apiBaseUrl: o.apiBaseUrl, credentials: o.credentials, now });
  }
  return new EuClient({
    http,
    brand: o.brand,
    authMode: o.authMode ?? 'password',
    apiBaseUrl: o.apiBaseUrl,
    credentials: o.credentials,
    now,
    sleep,
  });
}

/** The demo: a simulated EU cloud in this process, with tokens that expire every few minutes. */
async function demoClient(now: () => number): Promise<{ client: CloudClient; dispose: () => Promise<void> }> {
  // Loaded here, not at the top: only the demo region needs the simulator (a third of the package's
  // files). require, not import(): a dynamic import() stays an ES import under TypeScript test runners.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSimulator } = require('../simulator') as typeof import('../simulator');
  const sim = await startSimulator({ preset: 'demo' });
  const client = new EuClient({
    http: createHttp(),
    brand: 'kia',
    authMode: 'refreshToken',
    apiBaseUrl: sim.url,
    credentials: { refreshToken: sim.credentials.eu.refreshToken, pin: sim.credentials.eu.pin },
    now,
    sleep,
    forcePollMs: 1_000,
  });
  return { client, dispose: () => sim.close() };
}

export function createAccount(options: AccountOptions): Account {
  checkAccountOptions(options);
  const now = options.now ?? Date.now;
  const settings = {
    refreshBufferMinutes: options.refreshBufferMinutes,
    keepaliveMinutes: options.keepaliveMinutes,
    autoRefresh: options.autoRefresh,
    logger: options.logger,
    now: options.now,
  };
  let identity: string;
  let session;
  if (options.region === 'demo') {
    identity = 'demo';
    // The demo's tokens belong to a simulator that dies with the process: nothing to persist.
    session = acquireSession(identity, () => demoClient(now), settings);
  } else {
    const client = cloudClient(options, now); // throws CONFIG_INVALID at once (e.g. Kia USA)
    identity = client.strategy.identity ?? `${options.region}:${options.brand}`;
    const isolated = options.isolated === true && (options.authMode ?? 'password') === 'password';
    if (isolated) identity = `${identity}:isolated:${randomUUID()}`;
    session = acquireSession(identity, async () => ({ client }), {
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
    confirmPollMs: (options.confirmPollSeconds ?? (options.region === 'demo' ? 1 : 5)) * 1000,
  });
}
