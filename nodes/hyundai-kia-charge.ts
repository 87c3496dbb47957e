// hyundai-kia-charge: charging, the charge port, the target levels and the charging current.
import { INPUT_RANGES } from './lib';
import type { CommandResult } from './lib';
import { registerActionNode } from './red/action-node';
import type { PreparedCall } from './red/action-node';
import { commandBadge } from './red/command-badge';
import { confirmOf, definedOnly, invalid, oneOf, optionalNumber, pick } from './red/message-input';
import type { Overrides } from './red/message-input';
import type { ActionNodeDef, RED } from './red/types';

const ACTIONS = ['start', 'stop', 'openPort', 'closePort', 'setTargets', 'setCurrent'] as const;
type ChargeAction = (typeof ACTIONS)[number];
const TARGET = INPUT_RANGES.chargeTarget;
const CURRENTS = INPUT_RANGES.chargingCurrent;

export = function (RED: RED): void {
  registerActionNode<CommandResult>(RED, {
    type: 'hyundai-kia-charge',
    keys: ['action', 'targetAc', 'targetDc', 'current', 'confirm'],
    prepare(config, overrides) {
      const action = oneOf(pick(overrides, config, 'action') ?? 'start', ACTIONS, 'action');
      return { action, call: callFor(action, config, overrides) };
    },
    badge: commandBadge,
  });
};

function callFor(action: ChargeAction, config: ActionNodeDef, overrides: Overrides): PreparedCall<CommandResult> {
  const options = confirmOf(overrides, config);
  switch (action) {
    case 'start':
      return (a, v) => a.startCharge(v, options);
    case 'stop':
      return (a, v) => a.stopCharge(v, options);
    case 'openPort':
      return (a, v) => a.openChargePort(v, options);
    case 'closePort':
      return (a, v) => a.closeChargePort(v, options);
    case 'setCurrent': {
      const level = optionalNumber(pick(overrides, config, 'current'), 'current', { allowed: CURRENTS });
      if (level === undefined) throw invalid('setCurrent needs current: one of 100, 90, 60');
      return (a, v) => a.setChargingCurrent(v, level as 100 | 90 | 60, options);
    }
    case 'setTargets': {
      const targets = definedOnly({
        ac: optionalNumber(pick(overrides, config, 'targetAc'), 'targetAc', TARGET),
        dc: optionalNumber(pick(overrides, config, 'targetDc'), 'targetDc', TARGET),
      });
      if (Object.keys(targets).length === 0) throw invalid('setTargets needs targetAc and/or targetDc: 50–100 in steps of 10');
      return (a, v) => a.setChargeTargets(v, targets, options);
    }
  }
}
