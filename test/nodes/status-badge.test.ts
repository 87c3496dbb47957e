// The badge precedence of docs/contract.md §4, with a stand-in node and account (no Node-RED).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Node, NodeStatus } from 'node-red';
import { VehicleError } from '../../nodes/lib/errors';
import type { Account, TokenStatus } from '../../nodes/lib';
import { commandBadge } from '../../nodes/red/command-badge';
import { StatusBadge } from '../../nodes/red/status-badge';

function tokenStatus(over: Partial<TokenStatus> = {}): TokenStatus {
  return {
    state: 'ready',
    hasToken: true,
    hasRefreshToken: true,
    expiresAt: null,
    isExpired: false,
    secondsUntilExpiry: 600,
    lastRefreshAt: null,
    refreshCount: 0,
    refreshFailures: 0,
    retriesAfterExpiry: 0,
    circuit: 'closed',
    lastError: null,
    stats: { refreshMs: { p50: null, p95: null, p99: null }, refreshSuccessRate: null },
    ...over,
  };
}

function setup(initial: Partial<TokenStatus> = {}) {
  const shown: NodeStatus[] = [];
  const node = Object.assign(new EventEmitter(), { status: (s: NodeStatus) => shown.push(s) }) as unknown as Node;
  const account = Object.assign(new EventEmitter(), { tokenStatus: () => tokenStatus(initial) }) as unknown as Account;
  const badge = new StatusBadge(node, account, (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key));
  const last = (): NodeStatus => shown[shown.length - 1];
  const session = (over: Partial<TokenStatus>): void => void account.emit('state', tokenStatus(over));
  return { badge, node, account, shown, last, session };
}

describe('status badge', () => {
  it('starts green "ready", turns blue while a message waits, then shows the result', () => {
    const { badge, last } = setup();
    assert.deepEqual(last(), { fill: 'green', shape: 'dot', text: 'ready' });
    badge.working();
    assert.deepEqual(last(), { fill: 'blue', shape: 'ring', text: 'waiting' });
    badge.succeeded({ key: 'charging', params: { soc: 76 } });
    assert.deepEqual(last(), { fill: 'green', shape: 'dot', text: 'charging {"soc":76}' });
  });

  it('shows grey "rate limited" while the day\'s budget is spent, and the result again once its reset has passed', () => {
    const { badge, last, session } = setup();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    session({ budget: { used: 40, limit: 40, resetsAt: later } });
    assert.deepEqual(last(), { fill: 'grey', shape: 'ring', text: 'rateLimited' });
    badge.working();
    badge.succeeded({ key: 'locked' });
    assert.deepEqual(last(), { fill: 'grey', shape: 'ring', text: 'rateLimited' }, 'the account pauses: grey over the result');
    session({ budget: { used: 40, limit: 40, resetsAt: new Date(Date.now() - 1000).toISOString() } });
    assert.deepEqual(last(), { fill: 'green', shape: 'dot', text: 'locked' });
    session({ budget: { used: 3, limit: 40, resetsAt: later } });
    assert.deepEqual(last(), { fill: 'green', shape: 'dot', text: 'locked' });
  });

  it('shows the yellow refresh ring over the blue one, and goes back to blue after it', () => {
    const { badge, last, session } = setup();
    badge.working();
    session({ state: 'refreshing' });
    assert.deepEqual(last(), { fill: 'yellow', shape: 'ring', text: 'refreshing' });
    session({ state: 'ready', refreshCount: 1 });
    assert.deepEqual(last(), { fill: 'blue', shape: 'ring', text: 'waiting' });
  });

  it('shows red when the account needs the user, grey while paused', () => {
    const { last, session } = setup();
    session({ state: 'reauth-required' });
    assert.deepEqual(last(), { fill: 'red', shape: 'ring', text: 'reloginRequired' });
    session({ state: 'error', lastError: { code: 'AUTH_FAILED', message: 'x' } });
    assert.deepEqual(last(), { fill: 'red', shape: 'ring', text: 'loginFailed' });
    session({ state: 'ready', circuit: 'open' });
    assert.deepEqual(last(), { fill: 'grey', shape: 'ring', text: 'circuitOpen' });
  });

  it('maps the failure of a message to its badge, and a later successful refresh cures a login failure', () => {
    const { badge, last, session } = setup();
    badge.working();
    badge.failed(new VehicleError('RATE_LIMITED', 'quota'), true);
    assert.deepEqual(last(), { fill: 'grey', shape: 'ring', text: 'rateLimited' });
    badge.working();
    badge.failed(new VehicleError('VEHICLE_UNREACHABLE', 'asleep'), true);
    assert.deepEqual(last(), { fill: 'red', shape: 'ring', text: 'error.VEHICLE_UNREACHABLE' });
    badge.working();
    badge.failed(new VehicleError('AUTH_FAILED', 'rejected'), true);
    assert.deepEqual(last(), { fill: 'red', shape: 'ring', text: 'loginFailed' });
    session({ state: 'ready', refreshCount: 0 });
    assert.equal(last().text, 'loginFailed', 'no refresh happened yet');
    session({ state: 'ready', refreshCount: 1 });
    assert.deepEqual(last(), { fill: 'green', shape: 'dot', text: 'ready' });
  });

  it('a passing failure (cloud not reached, a refresh failing for now) is a grey ring: red stays for "needs you"', () => {
    const { badge, last, session } = setup();
    for (const code of ['CLOUD_UNAVAILABLE', 'TOKEN_REFRESH_FAILED'] as const) {
      badge.working();
      badge.failed(new VehicleError(code, 'cannot reach the cloud (ENOTFOUND)'), true);
      assert.deepEqual(last(), { fill: 'grey', shape: 'ring', text: `error.${code}` });
    }
    session({ state: 'error', lastError: { code: 'CLOUD_UNAVAILABLE', message: 'cannot reach the cloud (ENOTFOUND)' } });
    assert.equal(last().fill, 'grey');
    session({ state: 'ready', refreshCount: 1 });
    assert.deepEqual(last(), { fill: 'green', shape: 'dot', text: 'ready' });
  });

  it('does not repeat an unchanged badge, and unsubscribes when the node closes', () => {
    const { node, account, shown, session } = setup();
    session({ state: 'ready' });
    session({ state: 'ready', secondsUntilExpiry: 5 });
    assert.equal(shown.length, 1);
    assert.equal(account.listenerCount('state'), 1);
    node.emit('close');
    assert.equal(account.listenerCount('state'), 0);
    session({ state: 'refreshing' });
    assert.equal(shown.length, 1);
  });

  it('takes the session, busy, error and "sent" texts from the shared catalogue, a node\'s results from its own', () => {
    const shown: string[] = [];
    const node = Object.assign(new EventEmitter(), { status: (s: NodeStatus) => shown.push(String(s.text)) }) as unknown as Node;
    const account = Object.assign(new EventEmitter(), { tokenStatus: () => tokenStatus({}) }) as unknown as Account;
    const badge = new StatusBadge(node, account, (key, _params, shared) => `${shared ? 'shared' : 'own'}:${key}`, 'reading');
    badge.working();
    badge.succeeded({ key: 'charging', params: { soc: 1 } });
    badge.working();
    badge.failed(new VehicleError('VEHICLE_BUSY', 'busy'), true);
    badge.working();
    badge.succeeded(commandBadge({ result: 'sent' } as Parameters<typeof commandBadge>[0], 'lock'));
    badge.succeeded(commandBadge({ result: 'success' } as Parameters<typeof commandBadge>[0], 'lock'));
    account.emit('state', tokenStatus({ state: 'refreshing' }));
    assert.deepEqual(shown, [
      'shared:ready',
      'shared:reading',
      'own:charging',
      'shared:reading',
      'shared:error.VEHICLE_BUSY',
      'shared:reading',
      'shared:sent',
      'own:done.lock',
      'shared:refreshing',
    ]);
  });
});
