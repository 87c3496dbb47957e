// hyundai-kia-status: reads the car. msg.payload becomes the VehicleState, msg.vehicle the VehicleInfo.
// Mode `update` reads nothing itself: it sends whenever the account's reads (its poll) find changed
// data for the node's car. While the cloud cannot answer (quota, outage, circuit open) the node sends
// the last good state marked stale instead of an error, unless `staleOnError` is off.
import { INPUT_RANGES } from './lib';
import type { Account, ErrorCode, StatusResult, VehicleState } from './lib';
import { registerActionNode } from './red/action-node';
import type { PreparedCall } from './red/action-node';
import type { BadgeText } from './red/status-badge';
import { oneOf, optionalBoolean, optionalNumber, pick } from './red/message-input';
import type { Overrides } from './red/message-input';
import type { ActionNodeDef, RED } from './red/types';

const MODES = ['cached', 'force', 'smart', 'update'] as const;
/** Failures after which the last good state is worth more than an error. */
const STALE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['RATE_LIMITED', 'CLOUD_UNAVAILABLE', 'CIRCUIT_OPEN']);

type Answer = StatusResult & { staleReason?: ErrorCode };

export = function (RED: RED): void {
  registerActionNode<Answer>(RED, {
    type: 'hyundai-kia-status',
    keys: ['action', 'mode', 'maxAgeMinutes'],
    busyBadge: 'reading',
    prepare(config, overrides) {
      // A string payload ("force") arrives as `action`: for this node the action is its mode.
      const asked = pick(overrides, {}, 'mode') ?? pick(overrides, {}, 'action') ?? pick({}, config, 'mode');
      const mode = oneOf(asked ?? 'cached', MODES, 'mode');
      const maxAge = maxAgeOf(config, overrides);
      const read: PreparedCall<StatusResult> =
        mode === 'force'
          ? (account, vehicle) => account.refreshForce(vehicle)
          : mode === 'smart'
            ? (account, vehicle) => account.refreshSmart(vehicle, maxAge)
            : (account, vehicle) => account.refreshCached(vehicle); // `update` asked by a message: a cached read
      return { action: mode, call: async (account, vehicle) => agedOut(await read(account, vehicle), maxAge) };
    },
    output(msg, result) {
      msg.payload = result.state;
      msg.vehicle = result.vehicle;
      msg.stale = result.stale;
      msg.lastUpdated = result.state.updatedAt;
      if (result.refused) msg.refused = result.refused;
      if (result.staleReason) msg.staleReason = result.staleReason;
    },
    // A ring when the answer is older data (msg.stale), a dot when it is current.
    badge: (result) => ({ ...summary(result.state), shape: result.stale ? 'ring' : 'dot' }),
    async fallback(err, account, vehicle, config) {
      if (!STALE_CODES.has(err.code) || !staleOnError(config)) return undefined;
      const known = await account.lastKnownState(vehicle);
      return known ? { ...known, stale: true, staleReason: err.code } : undefined;
    },
    subscribe(account, config, emit) {
      if (config.mode !== 'update') return () => undefined;
      return onUpdate(account, config, (result) => emit(agedOut(result, maxAgeOf(config, {}))));
    },
  });
};

function maxAgeOf(config: ActionNodeDef, overrides: Overrides): number | undefined {
  return optionalNumber(pick(overrides, config, 'maxAgeMinutes'), 'maxAgeMinutes', INPUT_RANGES.maxAgeMinutes);
}

function staleOnError(config: ActionNodeDef): boolean {
  return optionalBoolean(config.staleOnError === '' ? undefined : config.staleOnError, 'staleOnError') ?? true;
}

/** Data older than `maxAgeMinutes` (when set) is stale, wherever it came from. */
function agedOut<T extends StatusResult>(result: T, maxAgeMinutes: number | undefined): T {
  const updated = result.state.updatedAt ? Date.parse(result.state.updatedAt) : Number.NaN;
  const old = maxAgeMinutes !== undefined && !Number.isNaN(updated) && Date.now() - updated > maxAgeMinutes * 60_000;
  return old && !result.stale ? { ...result, stale: true } : result;
}

/** The account's updates for the node's car (by id or VIN; empty: the only car the account reads). */
function onUpdate(account: Account, config: ActionNodeDef, emit: (result: StatusResult) => void): () => void {
  const wanted = typeof config.vehicle === 'string' ? config.vehicle.trim().toUpperCase() : '';
  const cars = new Set<string>();
  const listener = (update: Pick<StatusResult, 'vehicle' | 'state'>): void => {
    cars.add(update.vehicle.id);
    const mine = wanted ? update.vehicle.id.toUpperCase() === wanted || update.vehicle.vin.toUpperCase() === wanted : cars.size === 1;
    if (mine) emit({ vehicle: update.vehicle, state: update.state, stale: false, source: 'cached' });
  };
  account.on('update', listener);
  return () => account.off('update', listener);
}

function summary(state: VehicleState): BadgeText {
  const soc = state.ev?.soc;
  if (soc !== null && soc !== undefined) return { key: state.ev?.charging ? 'charging' : 'battery', params: { soc } };
  if (state.locked !== null) return { key: state.locked ? 'locked' : 'unlocked' };
  return { key: 'updated' };
}
