// hyundai-kia-events: no input; one message per session event of its account (token refreshed,
// refresh failed, re-login or one-time code required, rate limited, circuit open / closed, budget
// low), so a flow can tell the owner. msg.payload = { event, at, code?, ... }, msg.topic = the event.
import type { Node } from 'node-red';
import type { SessionEvent } from './lib';
import type { AccountNode, ActionNodeDef, RED } from './red/types';

/** Events that need the owner: a red badge; passing trouble: yellow; the rest: green. */
const RED_EVENTS = new Set(['reauth-required', 'otp-required']);
const YELLOW_EVENTS = new Set(['refresh-failed', 'rate-limited', 'circuit-open', 'budget-low']);

export = function (RED: RED): void {
  function HyundaiKiaEvents(this: Node, config: ActionNodeDef & { events?: string }): void {
    RED.nodes.createNode(this, config);
    const accountNode = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
    const account = accountNode?.account;
    if (!account) {
      this.status({ fill: 'red', shape: 'ring', text: RED._('hyundai-kia-events.status.noAccount') });
      return;
    }
    // Empty: every event; else a comma-separated list of the event names wanted.
    const wanted = new Set(
      String(config.events ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    );
    this.status({ fill: 'green', shape: 'dot', text: RED._('hyundai-kia-events.status.listening') });
    const listener = (event: SessionEvent): void => {
      if (wanted.size > 0 && !wanted.has(event.event)) return;
      const fill = RED_EVENTS.has(event.event) ? 'red' : YELLOW_EVENTS.has(event.event) ? 'yellow' : 'green';
      this.status({ fill, shape: 'dot', text: `${event.event} ${new Date(event.at).toLocaleTimeString()}` });
      this.send({ topic: event.event, payload: { ...event } });
    };
    account.on('event', listener);
    this.on('close', () => account.off('event', listener));
  }
  RED.nodes.registerType('hyundai-kia-events', HyundaiKiaEvents);
};
