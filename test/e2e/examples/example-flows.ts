// The example flows (examples/*.json) in node-red-node-test-helper: the package's BUILT nodes from
// dist/nodes (`npm run build` first; `npm run test:e2e` does), Node-RED's core nodes and the
// dashboard's nodes, so that every example loads exactly as a user imports it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NODES, helper } from '../../nodes/flow-helper';
import type { FlowNode } from '../../nodes/flow-helper';
import { fromNodeRed } from '../../support/node-red-dir';

export { helper };
export type { FlowNode };
export type Msg = Record<string, any>;

export const EXAMPLES = path.resolve(__dirname, '../../../examples');

export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();
}

/** A fresh copy of an example, so a test may rewrite it. */
export function readExample(name: string): FlowNode[] {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8')) as FlowNode[];
}

/** The examples with one flow per node: "01 - read the car status.json" and so on. */
export const perNodeExamples = (): string[] => exampleNames().filter((n) => /^\d\d - /.test(n));

const core = (file: string): unknown => require(fromNodeRed(`@node-red/nodes/core/${file}`));
const CORE_NODES = [
  'common/20-inject.js',
  'common/21-debug.js',
  'common/90-comment.js',
  'function/10-function.js',
  'function/10-switch.js',
  'function/15-change.js',
  'function/80-template.js',
  'network/10-mqtt.js',
  'network/21-httprequest.js',
].map(core);

const dashboardDir = path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json'));
const dashboardPackage = require(path.join(dashboardDir, 'package.json')) as { 'node-red': { nodes: Record<string, string> } };
export const DASHBOARD_TYPES = Object.keys(dashboardPackage['node-red'].nodes);
const DASHBOARD_NODES = Object.values(dashboardPackage['node-red'].nodes).map((file) => require(path.join(dashboardDir, file)) as unknown);

/** Every node module an example may use. */
export const ALL_NODES = [...NODES, ...CORE_NODES, ...DASHBOARD_NODES];

/** The helper's private parts this suite needs: its HTTP app and the admin app of the loaded flow. */
interface HelperInternals {
  _app: { use(handler: (req: unknown, res: unknown, next: () => void) => void): void };
  _httpAdmin: (req: unknown, res: unknown, next: () => void) => void;
}

/**
 * Starts the helper's HTTP server (the dashboard binds its socket.io to it) and serves the admin
 * routes on it, as Node-RED does, so that an http request node in a flow can call them.
 */
export async function startServerWithAdmin(): Promise<string> {
  await helper.startServer();
  const internals = helper as unknown as HelperInternals;
  internals._app.use((req, res, next) => internals._httpAdmin(req, res, next));
  return (helper as unknown as { url(): string }).url();
}

/** Every message the given nodes receive from now on, to wait for one that matches. */
export class Inbox {
  private readonly seen: Array<{ at: string; msg: Msg }> = [];

  constructor(ids: string[]) {
    for (const id of ids) {
      const node = helper.getNode(id);
      if (!node) throw new Error(`no node ${id} in the loaded flow`);
      // Input listeners run beside the node's own handler (Node-RED keeps a list of them). A copy:
      // a function node changes the very message it was given.
      node.on('input', (msg: Msg) => this.seen.push({ at: id, msg: JSON.parse(JSON.stringify(msg)) as Msg }));
    }
  }

  /** How many messages arrived so far: pass it as `from` to ignore them. */
  get count(): number {
    return this.seen.length;
  }

  messagesAt(id: string, from = 0): Msg[] {
    return this.seen.slice(from).filter((m) => m.at === id).map((m) => m.msg);
  }

  /** The first message since `from` at one of `ids` that `match` accepts (rejects after `ms`). */
  async find(ids: string[], match: (msg: Msg) => boolean = () => true, ms = 8000, from = 0): Promise<{ at: string; msg: Msg }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.seen.slice(from).find((m) => ids.includes(m.at) && match(m.msg));
      if (hit) return hit;
      if (Date.now() > deadline) {
        const got = this.seen.slice(from).map((m) => `${m.at}: ${JSON.stringify(m.msg.payload)?.slice(0, 120)}`);
        throw new Error(`no matching message at ${ids.join(', ')} within ${ms} ms; got:\n${got.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Clicks an inject node's button: it sends what it is configured to send. */
export function press(injectId: string): void {
  helper.getNode(injectId).receive({});
}

export const isVehicleState = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null &&
  ['updatedAt', 'locked', 'doors', 'windows', 'climate', 'ev', 'range', 'battery12v', 'tires'].every((f) => f in payload);

export const isCommandResult = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null && typeof (payload as Msg).command === 'string' &&
  ['success', 'sent'].includes((payload as Msg).result);

/** Log entries at error level (or worse) since the flow was loaded. */
export function loggedErrors(): string[] {
  return helper
    .log()
    .args.map((a) => a[0] as { level: number; msg: unknown })
    .filter((entry) => entry.level <= 20)
    .map((entry) => String(entry.msg));
}
