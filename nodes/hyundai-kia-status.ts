// hyundai-kia-status: reads the car. msg.payload becomes the VehicleState, msg.vehicle the VehicleInfo.
import { INPUT_RANGES } from './lib';
import type { StatusResult, VehicleState } from './lib';
import { registerActionNode } from './red/action-node';
import type { PreparedCall } from './red/action-node';
import type { BadgeText } from './red/status-badge';
import { oneOf, optionalNumber, pick } from './red/message-input';
import type { RED } from './red/types';

const MODES = ['cached', 'force', 'smart'] as const;

export = function (RED: RED): void {
  registerActionNode<StatusResult>(RED, {
    type: 'hyundai-kia-status',
    keys: ['action', 'mode', 'maxAgeMinutes'],
    prepare(config, overrides) {
      // A string payload ("force") arrives as `action`: for this node the action is its mode.
      const asked = pick(overrides, {}, 'mode') ?? pick(overrides, {}, 'action') ?? pick({}, config, 'mode');
      const mode = oneOf(asked ?? 'cached', MODES, 'mode');
      const maxAge = optionalNumber(pick(overrides, config, 'maxAgeMinutes'), 'maxAgeMinutes', INPUT_RANGES.maxAgeMinutes);
      const call: PreparedCall<StatusResult> =
        mode === 'force' ? (account, vehicle) => account.refreshForce(vehicle)
        : mode === 'smart' ? (account, vehicle) => account.refreshSmart(vehicle, maxAge)
        : (account, vehicle) => account.refreshCached(vehicle);
      return { action: mode, call };
    },
    output(msg, result) {
      msg.payload = result.state;
      msg.vehicle = result.vehicle;
      msg.stale = result.stale;
      msg.lastUpdated = result.state.updatedAt;
    },
    // A ring when the answer is older data the cloud kept (msg.stale), a dot when it is current.
    badge: (result) => ({ ...summary(result.state), shape: result.stale ? 'ring' : 'dot' }),
  });
};

function summary(state: VehicleState): BadgeText {
  const soc = state.ev?.soc;
  if (soc !== null && soc !== undefined) return { key: state.ev?.charging ? 'charging' : 'battery', params: { soc } };
  if (state.locked !== null) return { key: state.locked ? 'locked' : 'unlocked' };
  return { key: 'updated' };
}
