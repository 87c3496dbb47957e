// hyundai-kia-climate: starts or stops the climate. msg.payload becomes the CommandResult.
import { INPUT_RANGES } from './lib';
import type { CommandResult } from './lib';
import { registerActionNode } from './red/action-node';
import { commandBadge } from './red/command-badge';
import { confirmOf, definedOnly, oneOf, optionalBoolean, optionalNumber, pick } from './red/message-input';
import type { RED } from './red/types';

const ACTIONS = ['start', 'stop'] as const;

export = function (RED: RED): void {
  registerActionNode<CommandResult>(RED, {
    type: 'hyundai-kia-climate',
    keys: ['action', 'temperature', 'defrost', 'heating', 'durationMinutes', 'confirm'],
    prepare(config, overrides) {
      const action = oneOf(pick(overrides, config, 'action') ?? 'start', ACTIONS, 'action');
      const options = confirmOf(overrides, config);
      if (action === 'stop') return { action, call: (account, vehicle) => account.stopClimate(vehicle, options) };
      // The temperature range depends on the region (°C in the EU, °F in the US): the library checks it.
      const climate = definedOnly({
        ...options,
        temperature: optionalNumber(pick(overrides, config, 'temperature'), 'temperature'),
        defrost: optionalBoolean(pick(overrides, config, 'defrost'), 'defrost'),
        heating: optionalBoolean(pick(overrides, config, 'heating'), 'heating'),
        durationMinutes: optionalNumber(pick(overrides, config, 'durationMinutes'), 'durationMinutes', INPUT_RANGES.durationMinutes),
      });
      return { action, call: (account, vehicle) => account.startClimate(vehicle, climate) };
    },
    badge: commandBadge,
  });
};
