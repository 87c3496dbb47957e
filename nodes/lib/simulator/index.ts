// startSimulator(): the local EU CCSP + US Hyundai Blue Link clouds on one loopback base URL
// (contract section 8; cloud-protocol.md section 7 is the recipe). It shares no code with the
// clients: a protocol misreading must not hide on both sides at once.
import type { AddressInfo } from 'node:net';
import { caAuthRoutes } from './ca-auth-routes';
import { caCloud } from './ca-cloud';
import { caRoutes } from './ca-routes';
import { createControl, controlOverHttp, SimulatorControl } from './control';
import { withVariants } from './ccsp-auth-routes';
import { euAuthRoutes } from './eu-auth-routes';
import { euCciRoutes } from './eu-cci-routes';
import { euRoutes } from './eu-routes';
import { kiaUsRoutes } from './kia-us-routes';
import { resolveClock, resolveOptions, SimulatorOptions } from './options';
import { createSimServer } from './server';
import { usAuthRoutes } from './us-auth-routes';
import { usRoutes } from './us-routes';
import { World } from './world';

export type { SimulatorOptions, CarKind, TokenLifetimes, UnreachableMode } from './options';
export type { SimulatorControl, SimulatedVehicle } from './control';
export type { SimulatorCounters, TokenCallCounts } from './counters';
export type { CarState } from './car-state';
export type { FailKind } from './faults';

export interface SimulatorCredentials {
  /**
   * `refreshToken`: a live EU refresh token (48 characters A-Z0-9), as a user would paste it;
   * `username` / `password` sign in through the OneApp/CCI flow (any of the three brands' apps).
   */
  eu: { refreshToken: string; username: string; password: string; pin: string };
  us: { username: string; password: string; pin: string };
  /** Kia USA; `otp` is the one-time code the simulated cloud "sends" (and prints when it sends it). */
  usKia: { username: string; password: string; pin: string; otp: string };
  /** Canada: `otp` is the one-time code the simulated cloud "sends" (printed through `otpLog`). */
  ca: { username: string; password: string; pin: string; otp: string };
  /** Australia, New Zealand, India: password sign-in on their own tenants. */
  au: { username: string; password: string; pin: string };
  nz: { username: string; password: string; pin: string };
  in: { username: string; password: string; pin: string };
}

export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  control: SimulatorControl;
  credentials: SimulatorCredentials;
  close(): Promise<void>;
}

/** Options of the demo region: tokens that expire every few minutes, short command delays. */
export const demo: SimulatorOptions = { preset: 'demo' };

const login = (account: { username: string; password: string; pin: string }) => ({
  username: account.username,
  password: account.password,
  pin: account.pin,
});

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const world = new World(resolveOptions(options), resolveClock(options));
  const control = createControl(world);
  const routes = [
    ...withVariants(euAuthRoutes),
    ...euCciRoutes,
    ...euRoutes,
    ...usAuthRoutes,
    ...usRoutes,
    ...kiaUsRoutes,
    ...caAuthRoutes,
    ...caRoutes,
  ];
  const { server, setBaseUrl } = createSimServer({ world, routes, control: controlOverHttp(control) });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(world.options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  setBaseUrl(url);

  const eu = world.accounts.eu;
  const us = world.accounts.us;
  const ca = caCloud(world);
  const credentials: SimulatorCredentials = {
    eu: { refreshToken: world.tokens.issueRefresh('eu', eu.id).value, username: eu.username, password: eu.password, pin: eu.pin },
    us: { username: us.username, password: us.password, pin: us.pin },
    usKia: {
      username: world.kiaUs.account.username,
      password: world.kiaUs.account.password,
      pin: world.kiaUs.account.pin,
      otp: world.kiaUs.otpCode,
    },
    ca: { username: ca.account.username, password: ca.account.password, pin: ca.account.pin, otp: ca.otpCode },
    au: login(world.accounts.au),
    nz: login(world.accounts.nz),
    in: login(world.accounts.in),
  };

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      world.cancelAll();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, control, credentials, close };
}
