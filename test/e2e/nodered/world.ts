// The world every end-to-end test shares: one real Node-RED (with adminAuth) and two simulated
// clouds in processes of their own. `cloud` serves the accounts most tests use; `doomed` serves one
// account whose refresh tokens a test revokes (revocation is cloud-wide, so it gets its own cloud).
import { NodeRed, SimulatorProcess, badgeRecorder, catchToHttp, httpDriven, request, tab } from '../harness';
import type { AdminUser, Answer, FlowNode, RecordedBadge } from '../harness';
import type { SimulatorCounters } from '../../../nodes/lib/simulator';

export const ADMIN: AdminUser = { username: 'admin', password: 'e2e admin password 7Hq2', permissions: '*' };
export const READER: AdminUser = { username: 'reader', password: 'e2e reader password 9Zx4', permissions: 'read' };

/** The action nodes under test and the http-in routes (under /api) that drive them. */
export const NODE = {
  status: { id: 'e2e-status-node', route: '/status' },
  lock: { id: 'e2e-lock-node', route: '/lock' },
  climate: { id: 'e2e-climate-node', route: '/climate' },
  charge: { id: 'e2e-charge-node', route: '/charge' },
  passwordStatus: { id: 'e2e-password-status-node', route: '/password/status' },
  twinStatus: { id: 'e2e-twin-status-node', route: '/twin/status' },
  usStatus: { id: 'e2e-us-status-node', route: '/us/status' },
  usLock: { id: 'e2e-us-lock-node', route: '/us/lock' },
  doomedStatus: { id: 'e2e-doomed-status-node', route: '/doomed/status' },
} as const;
// Node-RED reads any property value that equals a node id as a reference to that node: ids here are
// chosen so that no property value (an action, a name) can collide with one.
export const ACCOUNT = {
  main: 'e2e-account-main',
  /** A second config node with the main account's credentials: it must share the main one's session. */
  twin: 'e2e-account-twin',
  password: 'e2e-account-password',
  us: 'e2e-account-us',
  doomed: 'e2e-account-doomed',
} as const;
export const BADGES_ROUTE = '/badges';

export interface World {
  red: NodeRed;
  cloud: SimulatorProcess;
  doomed: SimulatorProcess;
  /** The main cloud's only EU car. */
  car: { id: string; vin: string };
}

let world: World | undefined;

export async function startWorld(): Promise<World> {
  const [cloud, doomed, red] = await Promise.all([
    SimulatorProcess.start(),
    SimulatorProcess.start(),
    NodeRed.start({ adminUsers: [ADMIN, READER] }),
  ]);
  world = { red, cloud, doomed, car: { id: '', vin: '' } };
  try {
    // Commands and forced reads answer in milliseconds instead of the real 3 s / 20 s.
    for (const sim of [cloud, doomed]) {
      await sim.control('setCommandDelay', 30);
      await sim.control('setForceDelay', 30);
    }
    const eu = (await cloud.vehicles()).filter((v) => v.region === 'eu');
    if (eu.length !== 1) throw new Error(`expected one EU car on the simulator, found ${eu.length}`);
    world.car = { id: eu[0].vehicleId, vin: eu[0].vin };
    await red.deploy(flowsOf(world));
  } catch (error) {
    await stopWorld();
    throw error;
  }
  return world;
}

export async function stopWorld(): Promise<void> {
  const w = world;
  world = undefined;
  if (w) await Promise.all([w.red.stop(), w.cloud.stop(), w.doomed.stop()]);
}

/** The world of the running suite (after startWorld). */
export function current(): World {
  if (!world) throw new Error('the end-to-end world is not started');
  return world;
}

/**
 * EU accounts in refreshToken mode, as a user configures them after pasting the token from the web
 * login (the main one twice, as two config nodes); one EU account with username and password; one US
 * account (password login, rotating refresh tokens).
 */
export function flowsOf(w: World): FlowNode[] {
  const z = 'e2e-tab';
  const account = (
    id: string,
    sim: SimulatorProcess,
    region: 'eu' | 'us',
    brand: string,
    authMode: 'refreshToken' | 'password',
  ): FlowNode => {
    const { username, password, pin } = sim.credentials[region];
    return {
      id,
      type: 'hyundai-kia-account',
      name: `${region} ${brand} ${authMode} on a simulator`,
      region,
      brand,
      authMode,
      apiBaseUrl: sim.url,
      refreshBufferMinutes: 5,
      keepaliveMinutes: 60,
      autoRefresh: true,
      // These suites test the session: forced reads may follow each other (the protection suite tests the rules).
      minForceIntervalMinutes: 0,
      credentials: authMode === 'refreshToken' ? { refreshToken: sim.credentials.eu.refreshToken, pin } : { username, password, pin },
    };
  };
  const status = (node: { id: string; route: string }, accountId: string): FlowNode[] =>
    httpDriven(z, node.route, { id: node.id, type: 'hyundai-kia-status', account: accountId, vehicle: '', mode: 'cached' });
  const actions = Object.values(NODE).map((n) => n.id);
  return [
    tab(z, 'hyundai-kia e2e'),
    account(ACCOUNT.main, w.cloud, 'eu', 'kia', 'refreshToken'),
    account(ACCOUNT.twin, w.cloud, 'eu', 'kia', 'refreshToken'),
    account(ACCOUNT.password, w.cloud, 'eu', 'hyundai', 'password'),
    account(ACCOUNT.us, w.cloud, 'us', 'hyundai', 'password'),
    account(ACCOUNT.doomed, w.doomed, 'eu', 'hyundai', 'refreshToken'),
    ...status(NODE.status, ACCOUNT.main),
    ...status(NODE.twinStatus, ACCOUNT.twin),
    ...status(NODE.passwordStatus, ACCOUNT.password),
    ...status(NODE.usStatus, ACCOUNT.us),
    ...status(NODE.doomedStatus, ACCOUNT.doomed),
    ...httpDriven(z, NODE.lock.route, {
      id: NODE.lock.id,
      type: 'hyundai-kia-lock',
      account: ACCOUNT.main,
      vehicle: '',
      action: 'lock',
      confirm: true,
    }),
    ...httpDriven(z, NODE.usLock.route, {
      id: NODE.usLock.id,
      type: 'hyundai-kia-lock',
      account: ACCOUNT.us,
      vehicle: '',
      action: 'lock',
      confirm: false,
    }),
    ...httpDriven(z, NODE.climate.route, {
      id: NODE.climate.id,
      type: 'hyundai-kia-climate',
      account: ACCOUNT.main,
      vehicle: '',
      action: 'start',
      temperature: 21,
      defrost: false,
      heating: false,
      durationMinutes: 10,
      confirm: true,
    }),
    ...httpDriven(z, NODE.charge.route, {
      id: NODE.charge.id,
      type: 'hyundai-kia-charge',
      account: ACCOUNT.main,
      vehicle: '',
      action: 'stop',
      confirm: false,
    }),
    ...catchToHttp(z, 'e2e-catch', actions),
    ...badgeRecorder(z, 'e2e-badges', actions, BADGES_ROUTE),
  ];
}

/** Sends `body` (becomes msg.payload) into an action node's flow; `vehicle` becomes msg.vehicle, `tag` msg.tag. */
export function drive(route: string, body: unknown = {}, vehicle?: string, tag?: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (vehicle !== undefined) headers['x-vehicle'] = vehicle;
  if (tag !== undefined) headers['x-tag'] = tag;
  return current().red.http('POST', route, body, headers);
}

/** The badges the Status node has recorded for `nodeId` since the flows (re)started. */
export async function badgesOf(nodeId: string): Promise<RecordedBadge[]> {
  const answer = await current().red.http('GET', BADGES_ROUTE);
  if (answer.status !== 200 || !Array.isArray(answer.body)) throw new Error(`badges: ${answer.status} ${answer.text}`);
  return (answer.body as RecordedBadge[]).filter((b) => b.node === nodeId);
}

/** Every call that reached a cloud: token grants and API routes. */
export function cloudCalls(c: SimulatorCounters): number {
  const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  return sum({ ...c.tokenCalls }) + sum(c.apiCalls);
}

/** Polls `check` on a short real interval (another process answers) until it holds. */
export async function until(check: () => Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * What the user does in the vendor's web login to get a new refresh token (the classic ccapi
 * login: sign in for a code, exchange the code), done here against the simulated cloud.
 */
export async function webLogin(sim: SimulatorProcess): Promise<string> {
  const { username, password } = sim.credentials.eu;
  const signin = await request('POST', `${sim.url}/api/v1/user/signin`, { body: { email: username, password } });
  const code = new URL(String(signin.body?.redirectUrl)).searchParams.get('code');
  if (!code) throw new Error(`no code from the web login (${signin.status})`);
  const exchange = await request('POST', `${sim.url}/api/v1/user/oauth2/token`, {
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${sim.url}/api/v1/user/oauth2/redirect`,
    }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  if (typeof exchange.body?.refresh_token !== 'string') throw new Error(`no refresh token from the web login (${exchange.status})`);
  return exchange.body.refresh_token as string;
}
