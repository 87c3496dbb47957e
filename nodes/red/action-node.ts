// The one shape of the five action nodes: read the message, make one Account call, send the result
// or end the message with done(err). A node file only says what its call is (an ActionSpec).
import type { Node } from 'node-red';
import { VehicleError } from '../lib';
import type { Account } from '../lib';
import { toVehicleError } from '../lib/errors';
import { errorDetailsOf } from './error-details';
import { overridesOf, vehicleOf } from './message-input';
import type { Overrides } from './message-input';
import { SHARED_TEXTS } from './shared-texts';
import { StatusBadge } from './status-badge';
import type { BadgeText } from './status-badge';
import type { AccountNode, ActionNodeDef, Done, Message, RED, Send } from './types';

/** The call a message asks for, already validated: it only needs the account and the vehicle. */
export type PreparedCall<R> = (account: Account, vehicle: string | undefined) => Promise<R>;

export interface Prepared<R> {
  call: PreparedCall<R>;
  /** What was asked for (e.g. `unlock`), for the badge. */
  action: string;
}

export interface ActionSpec<R> {
  type: string;
  /** The keys an object payload may carry for this node (contract section 4); any other is refused. */
  keys: readonly string[];
  /** Reads the node's properties and the message's overrides; throws INVALID_INPUT, never calls. */
  prepare(config: ActionNodeDef, overrides: Overrides): Prepared<R>;
  /** Puts the result on the message (default: `msg.payload = result`). */
  output?(msg: Message, result: R): void;
  /** The badge while a message is in flight: 'reading' (the car) for reads; default 'waiting' (for the car). */
  busyBadge?: 'reading' | 'waiting';
  /** The green badge for a result. */
  badge(result: R, action: string): BadgeText;
  /**
   * An answer to send instead of the error (e.g. the last known state while the cloud cannot
   * answer); undefined: the error stands. Asked only for a message that passed its checks.
   */
  fallback?(err: VehicleError, account: Account, vehicle: string | undefined, config: ActionNodeDef): Promise<R | undefined>;
  /** Messages the node sends without input (e.g. the account's poll updates); returns the unsubscribe. */
  subscribe?(account: Account, config: ActionNodeDef, emit: (result: R) => void): () => void;
}

export function registerActionNode<R>(RED: RED, spec: ActionSpec<R>): void {
  function ActionNode(this: Node, config: ActionNodeDef): void {
    RED.nodes.createNode(this, config);
    const accountNode = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
    const badge = new StatusBadge(
      this,
      accountNode?.account,
      (key, params, shared) => RED._(shared ? `${SHARED_TEXTS}.status.${key}` : `${spec.type}.status.${key}`, params),
      spec.busyBadge,
    );
    const unusable = accountNode ? accountNode.configError : noAccount();
    if (unusable) badge.failed(unusable, false);

    this.on('input', (msg: Message, send: Send, done: Done) => {
      void handle(msg, send, done);
    });

    const account = accountNode?.account;
    if (spec.subscribe && account) {
      const unsubscribe = spec.subscribe(account, config, (result) => {
        const msg = {} as Message;
        if (spec.output) spec.output(msg, result);
        else msg.payload = result;
        badge.succeeded(spec.badge(result, 'update'));
        this.send(msg);
      });
      this.on('close', unsubscribe);
    }

    async function handle(msg: Message, send: Send, done: Done): Promise<void> {
      const startedAt = Date.now();
      let started = false;
      let answered = false;
      let vehicle: string | undefined;
      try {
        const account = accountNode?.account;
        if (!account) throw unusable ?? noAccount();
        vehicle = vehicleOf(msg, config.vehicle);
        const { call, action } = spec.prepare(config, overridesOf(msg, spec.keys));
        badge.working();
        started = true;
        const result = await call(account, vehicle);
        if (spec.output) spec.output(msg, result);
        else msg.payload = result;
        badge.succeeded(spec.badge(result, action));
        answered = true;
        send(msg);
        done();
      } catch (thrown) {
        if (answered) return; // a message is answered exactly once
        const err = toVehicleError(thrown);
        const account = accountNode?.account;
        // A bad input is no reason to look for a fallback: only a message that passed its checks gets one.
        const instead =
          account && started && spec.fallback ? await spec.fallback(err, account, vehicle, config).catch(() => undefined) : undefined;
        if (instead !== undefined) {
          if (spec.output) spec.output(msg, instead);
          else msg.payload = instead;
          badge.succeeded({ ...spec.badge(instead, 'fallback'), shape: 'ring' });
          send(msg);
          done();
          return;
        }
        msg.errorDetails = errorDetailsOf(err, Date.now() - startedAt);
        badge.failed(err, started);
        done(err);
      }
    }
  }
  RED.nodes.registerType(spec.type, ActionNode);
}

function noAccount(): VehicleError {
  return new VehicleError('CONFIG_INVALID', 'no hyundai-kia-account is configured for this node', { attempts: 0 });
}
