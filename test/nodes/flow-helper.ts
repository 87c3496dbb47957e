// Shared set-up of the node tests: node-red-node-test-helper with the BUILT nodes from dist/nodes
// (npm test builds first; `npm run build` before running mocha alone), flows as small builders.
import * as path from 'node:path';
import type { Node, NodeStatus } from 'node-red';
import { NODE_RED_DIR } from '../support/node-red-dir';

export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  wires?: string[][];
  [property: string]: unknown;
}

type TestNode = Node & { receive(msg: Record<string, unknown>): void };

/** A supertest request (the helper's `request()`), as far as the tests use it. */
export interface HttpTest extends PromiseLike<{ status: number; body: any; text: string }> {
  set(header: string, value: string): HttpTest;
  send(body: unknown): HttpTest;
}

/** The parts of node-red-node-test-helper 0.3.6 the tests use (it ships no types). */
export interface TestHelper {
  init(runtimePath: string, settings?: Record<string, unknown>): void;
  settings(settings: Record<string, unknown>): Record<string, unknown>;
  load(nodes: unknown[], flow: FlowNode[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  setFlows(flow: FlowNode[], type: 'full' | 'flows' | 'nodes', credentials?: Record<string, Record<string, string>>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  request(): { get(path: string): HttpTest; post(path: string): HttpTest };
  log(): { args: unknown[][] };
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as TestHelper;
helper.init(require.resolve(NODE_RED_DIR));

const dist = path.resolve(__dirname, '../../dist/nodes');
const load = (type: string): unknown => require(path.join(dist, `${type}.js`)) as unknown;

export const TYPES = ['account', 'status', 'lock', 'climate', 'windows', 'charge', 'events'] as const;
export const NODES = TYPES.map((t) => load(`hyundai-kia-${t}`));
export const ACCOUNT_MODULE = NODES[0] as (red: unknown) => void;

export const TAB: FlowNode = { id: 'f1', type: 'tab', label: 'test' };

export function account(id: string, props: Record<string, unknown>): FlowNode {
  return {
    id,
    type: 'hyundai-kia-account',
    region: 'eu',
    brand: 'hyundai',
    authMode: 'password',
    refreshBufferMinutes: 5,
    keepaliveMinutes: 60,
    autoRefresh: true,
    ...props,
  };
}

/** An action node wired to the helper node `out`, plus a Catch node wired to `caught`. */
export function actionFlow(node: Omit<FlowNode, 'z' | 'wires'>, ...extra: FlowNode[]): FlowNode[] {
  return [
    TAB,
    { z: 'f1', wires: [['out']], ...node } as FlowNode,
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'catcher', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
    ...extra,
  ];
}

/** The next message a helper node receives (rejects after `ms`). */
export function nextMessage(id: string, ms = 4000): Promise<Record<string, unknown>> {
  const node = helper.getNode(id);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      node.removeListener('input', onInput);
      reject(new Error(`no message at ${id} within ${ms} ms`));
    }, ms);
    const onInput = (msg: Record<string, unknown>): void => {
      clearTimeout(timer);
      node.removeListener('input', onInput);
      resolve(msg);
    };
    node.on('input', onInput);
  });
}

/** Sends `msg` into node `id` and resolves with whichever of `out` / `caught` answers first. */
export function roundTrip(
  id: string,
  msg: Record<string, unknown>,
  ms = 8000,
): Promise<{ at: 'out' | 'caught'; msg: Record<string, unknown> }> {
  const out = helper.getNode('out');
  const caught = helper.getNode('caught');
  return new Promise((resolve, reject) => {
    const finish = (at: 'out' | 'caught') => (answer: Record<string, unknown>) => {
      clearTimeout(timer);
      out.removeListener('input', onOut);
      caught.removeListener('input', onCaught);
      resolve({ at, msg: answer });
    };
    const onOut = finish('out');
    const onCaught = finish('caught');
    const timer = setTimeout(() => {
      out.removeListener('input', onOut);
      caught.removeListener('input', onCaught);
      reject(new Error(`no answer from ${id} within ${ms} ms`));
    }, ms);
    // Not `once`: Node-RED keeps input listeners in its own list, where a once-wrapper cannot be
    // removed by the original function and removes itself while the list is being walked.
    out.on('input', onOut);
    caught.on('input', onCaught);
    helper.getNode(id).receive(msg);
  });
}

/** Every status a node showed, in order (the test helper's RED._ returns the raw key). */
export function statusesOf(id: string): NodeStatus[] {
  const status = helper.getNode(id).status as unknown as { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> };
  return status
    .getCalls()
    .filter((call) => (call.thisValue as Node).id === id)
    .map((call) => call.args[0] as NodeStatus);
}

/** Waits until `check` holds, polling on a short real interval (the network is real here). */
export async function until(check: () => boolean, what: string, ms = 4000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
