// hyundai-kia-windows: opens, closes or vents the windows. msg.payload becomes the CommandResult.
import type { CommandResult } from './lib';
import { registerActionNode } from './red/action-node';
import { commandBadge } from './red/command-badge';
import { confirmOf, oneOf, pick } from './red/message-input';
import type { RED } from './red/types';

const ACTIONS = ['open', 'close', 'vent'] as const;

export = function (RED: RED): void {
  registerActionNode<CommandResult>(RED, {
    type: 'hyundai-kia-windows',
    keys: ['action', 'confirm'],
    prepare(config, overrides) {
      const action = oneOf(pick(overrides, config, 'action') ?? 'close', ACTIONS, 'action');
      const options = confirmOf(overrides, config);
      return { action, call: (account, vehicle) => account.setWindows(vehicle, action, options) };
    },
    badge: commandBadge,
  });
};
