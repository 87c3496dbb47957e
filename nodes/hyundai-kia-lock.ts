// hyundai-kia-lock: locks or unlocks the car. msg.payload becomes the CommandResult.
import type { CommandResult } from './lib';
import { registerActionNode } from './red/action-node';
import { commandBadge } from './red/command-badge';
import { confirmOf, oneOf, pick } from './red/message-input';
import type { RED } from './red/types';

const ACTIONS = ['lock', 'unlock'] as const;

export = function (RED: RED): void {
  registerActionNode<CommandResult>(RED, {
    type: 'hyundai-kia-lock',
    keys: ['action', 'confirm'],
    prepare(config, overrides) {
      const action = oneOf(pick(overrides, config, 'action') ?? 'lock', ACTIONS, 'action');
      const options = confirmOf(overrides, config);
      return { action, call: (account, vehicle) => account[action](vehicle, options) };
    },
    badge: commandBadge,
  });
};
