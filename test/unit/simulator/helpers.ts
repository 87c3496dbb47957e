// Test helpers: a simulator on a fake clock, and the few requests every test needs, written with
// plain fetch from the protocol document (never the project's clients).
import FakeTimers from '@sinonjs/fake-timers';
import { startSimulator, SimulatorOptions } from '../../../nodes/lib/simulator';
import { makeStamp } from '../../../nodes/lib/simulator/stamp';

export const KIA = {
  serviceId: 'fdc85c00-0a2f-4c64-bcb4-2cfb1500730a',
  secret: 'secret',
  appId: 'a2b8469b-30a3-4361-8e13-6fceea8fbe74',
};

export type Sim = Awaited<ReturnType<typeof startSimulator>>;

export interface TestSim {
  sim: Sim;
  clock: FakeTimers.Clock;
  url: string;
}

/** A simulator whose delays run on a fake clock (advance it with `clock.tick`). */
export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const clock = FakeTimers.createClock(Date.UTC(2026, 5, 1, 10, 0, 0));
  const sim = await startSimulator({
    commandDelayMs: 3000,
    forceDelayMs: 20000,
    ...options,
    now: () => clock.now,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle as never),
  });
  return { sim, clock, url: sim.url };
}

export function stamp(appId = KIA.appId, unixTime = Math.floor(Date.now() / 1000)): string {
  return makeStamp(appId, unixTime);
}

export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string>; redirect?: 'manual' } = {},
): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json;charset=UTF-8';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: init.redirect });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers, text };
}

/** EU identity-server refresh grant (form body). */
export function euRefresh(url: string, refreshToken: string) {
  return call(`${url}/auth/api/v2/user/oauth2/token`, {
    form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: KIA.serviceId, client_secret: KIA.secret },
  });
}

export interface EuSession {
  accessToken: string;
  refreshToken: string;
  deviceId: string;
  headers: Record<string, string>;
}

/** Refresh grant + device registration: what a client does before its first SPA call. */
export async function euSession(t: TestSim): Promise<EuSession> {
  const token = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
  const registered = await call(`${t.url}/api/v1/spa/notifications/register`, {
    headers: { stamp: stamp(), 'ccsp-service-id': KIA.serviceId, 'ccsp-application-id': KIA.appId },
    json: { pushRegId: 'a'.repeat(64), pushType: 'APNS', uuid: '6b1e0bb4-2b1a-4a55-9a7e-2f2f2f2f2f2f' },
  });
  const deviceId = registered.body.resMsg.deviceId as string;
  return {
    accessToken: token.body.access_token,
    refreshToken: token.body.refresh_token,
    deviceId,
    headers: {
      authorization: `Bearer ${token.body.access_token}`,
      'ccsp-service-id': KIA.serviceId,
      'ccsp-application-id': KIA.appId,
      'ccsp-device-id': deviceId,
      stamp: stamp(),
    },
  };
}

export async function controlToken(t: TestSim, session: EuSession): Promise<string> {
  const answer = await call(`${t.url}/api/v1/user/pin?token=`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${session.accessToken}` },
    json: { deviceId: session.deviceId, pin: t.sim.credentials.eu.pin },
  });
  return answer.body.controlToken;
}

export function withControl(session: EuSession, token: string): Record<string, string> {
  return { ...session.headers, authorization: `Bearer ${token}`, authorizationccsp: `Bearer ${token}` };
}

export async function usLogin(t: TestSim) {
  const { username, password } = t.sim.credentials.us;
  return call(`${t.url}/v2/ac/oauth/token`, { json: { username, password } });
}
