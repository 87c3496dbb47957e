// The EU SPA vehicle API (cloud-protocol.md 1.8-1.11): vehicle list, cached and forced status for
// legacy and CCS2 cars, locations, commands and their action records.
import type { CcspMarket, VariantMarket } from './ccsp-tenants';
import { startCommand } from './commands';
import { EU_COMMANDS, EuCommandSpec } from './eu-commands';
import { euErrors, spaOk } from './eu-envelopes';
import { EuCaller, euGuard } from './eu-guard';
import { isReply, Reply, Route, RouteContext } from './http-types';
import { legacyGpsDetail, legacyLocation, legacyStatusInfo, legacyVehicleStatus } from './render-eu-legacy';
import { ccs2Latest } from './render-eu-ccs2';
import { targetList } from './render-common';
import type { SimCar } from './vehicles';

const VERSIONS = ['v1', 'v2'];
type Generation = 'legacy' | 'ccs2' | 'both';

interface CarCall {
  caller: EuCaller;
  car: SimCar;
}

/** Guard, version, car and generation checks shared by every vehicle route. */
function carCall(ctx: RouteContext, generation: Generation, need?: 'control'): CarCall | Reply {
  if (!VERSIONS.includes(ctx.params.ver ?? 'v1')) return { status: 404, body: { error: 'Not Found' } };
  const caller = euGuard(ctx, { quota: true, need });
  if (isReply(caller)) return caller;
  const car = ctx.world.findCar(caller.account, ctx.params.id);
  if (!car) return euErrors.noVehicle();
  const isCcs2 = car.protocol === 'eu-ccs2';
  if ((generation === 'legacy' && isCcs2) || (generation === 'ccs2' && !isCcs2)) return euErrors.unsupported();
  return { caller, car };
}

/** A forced read reaches the car: it may be unreachable, it costs quota and 12 V. */
function wakeCar(ctx: RouteContext, car: SimCar, account: EuCaller['account']): Reply | null {
  const { world } = ctx;
  const unreachable = world.faults.unreachable;
  if (unreachable === '9999') return euErrors.undefinedError();
  if (unreachable) return euErrors.timeout();
  world.useQuota(account);
  world.counters.forceRefreshes += 1;
  car.drain12v(world.options.battery12vDropPerForce);
  return null;
}

function vehicleListEntry(car: SimCar) {
  const { identity } = car;
  return {
    vehicleId: identity.vehicleId,
    vin: identity.vin,
    nickname: identity.nickname,
    vehicleName: identity.model,
    year: identity.year,
    regDate: `${identity.year}-03-01 10:00:00.000`,
    type: identity.euType,
    master: true,
    carShare: 0,
    ccuCCS2ProtocolSupport: car.protocol === 'eu-ccs2' ? 1 : 0,
    detailInfo: { outColor: 'SWP', saleCarmdlCd: identity.model.slice(0, 2).toUpperCase(), bodyType: '3', inColor: 'WK' },
  };
}

/** The AU/NZ/India tenant of the caller's account, or null for Europe. */
function variantMarket(caller: EuCaller): VariantMarket | null {
  const region = caller.account.region;
  return region === 'au' || region === 'nz' || region === 'in' ? region : null;
}

const read = (pattern: string, generation: Generation, answer: (ctx: RouteContext, call: CarCall) => Reply): Route => ({
  method: 'GET',
  pattern,
  handler: (ctx) => {
    const call = carCall(ctx, generation);
    return isReply(call) ? call : answer(ctx, call);
  },
});

const V = '/api/:ver/spa/vehicles/:id';

function commandRoute(spec: EuCommandSpec): Route {
  return {
    method: 'POST',
    pattern: `${V}/${spec.path}`,
    handler: (ctx) => {
      const call = carCall(ctx, spec.generation, ctx.params.ver === 'v2' ? 'control' : undefined);
      if (isReply(call)) return call;
      const { world } = ctx;
      const parsed = spec.parse(ctx.body, call.caller.account.region as CcspMarket);
      if (typeof parsed === 'string') return euErrors.invalidBody(parsed);
      const bodyDevice = ctx.body.deviceId;
      if (typeof bodyDevice === 'string' && world.devices.get(bodyDevice) !== true) {
        world.counters.deviceIdRejections += 1;
        return euErrors.invalidDevice();
      }
      const unreachable = world.faults.unreachable;
      if (unreachable === '4081') return euErrors.timeout();
      if (unreachable === '9999') return euErrors.undefinedError();
      const deviceId = call.caller.deviceId ?? (typeof bodyDevice === 'string' ? bodyDevice : undefined);
      const record = startCommand(world, call.car, { ...parsed, deviceId, exclusive: true });
      if (!record) return euErrors.duplicate();
      world.useQuota(call.caller.account);
      return spaOk(undefined, record.recordId);
    },
  };
}

export const euRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/spa/vehicles',
    handler: (ctx) => {
      const caller = euGuard(ctx, { quota: true });
      return isReply(caller) ? caller : spaOk({ vehicles: caller.account.cars.map(vehicleListEntry) });
    },
  },
  read(`${V}/profile`, 'both', (_ctx, { car }) =>
    spaOk({ vinInfo: [{ basic: { vin: car.identity.vin, modelYear: car.identity.year, modelName: car.identity.model } }] }),
  ),

  // Legacy status: cached `status/latest`, forced `status` (synchronous) and `location`.
  // AU/NZ/India answer the flat status in `resMsg`, in their own zone, without odometer (more-regions.md 2.4, 3.3).
  read(`${V}/status/latest`, 'legacy', (_ctx, { car, caller }) => {
    const market = variantMarket(caller);
    if (market) return spaOk(legacyVehicleStatus(car.snapshot.state, car.snapshot.at, market));
    return spaOk({ vehicleStatusInfo: legacyStatusInfo(car.snapshot.state, car.snapshot.at) });
  }),
  read(`${V}/status`, 'legacy', (ctx, { car, caller }) => {
    const problem = wakeCar(ctx, car, caller.account);
    if (problem) return problem;
    car.report(ctx.world.clock.now());
    return spaOk(legacyVehicleStatus(car.snapshot.state, car.snapshot.at, variantMarket(caller) ?? 'eu'));
  }),
  read(`${V}/location`, 'both', (ctx, { car }) => {
    const unreachable = ctx.world.faults.unreachable;
    if (unreachable) return unreachable === '9999' ? euErrors.undefinedError() : euErrors.timeout();
    const now = ctx.world.clock.now();
    car.advance(now);
    return spaOk({ gpsDetail: legacyGpsDetail(car.truth, now) });
  }),
  // AU/NZ since 2025-08: `{coord, time}` (HKC 4f8a603).
  read(`${V}/location/park`, 'both', (_ctx, { car, caller }) => {
    const market = variantMarket(caller);
    return spaOk(
      market ? legacyLocation(car.snapshot.state, car.snapshot.at, market) : legacyGpsDetail(car.snapshot.state, car.snapshot.at),
    );
  }),
  // India keeps the odometer here, not in the status (more-regions.md 3.3).
  read(`${V}/setting/alert/maintenance`, 'both', (_ctx, { car }) => spaOk({ odometer: Math.round(car.snapshot.state.odometer) })),
  read(`${V}/charge/target`, 'both', (_ctx, { car }) => spaOk({ targetSOClist: targetList(car.snapshot.state) })),

  // CCS2 status: cached `ccs2/carstatus/latest`; the forced `ccs2/carstatus` only triggers the car,
  // whose report lands in the snapshot after the force delay.
  read(`${V}/ccs2/carstatus/latest`, 'ccs2', (_ctx, { car }) =>
    spaOk(ccs2Latest(car.snapshot.state, car.snapshot.at, car.identity.kind === 'eu-ccs2-phev')),
  ),
  read(`${V}/ccs2/carstatus`, 'ccs2', (ctx, { car, caller }) => {
    const problem = wakeCar(ctx, car, caller.account);
    if (problem) return problem;
    const { world } = ctx;
    if (car.pendingForce === null) {
      car.pendingForce = world.schedule(() => {
        car.pendingForce = null;
        car.report(world.clock.now());
      }, world.options.forceDelayMs);
    }
    return spaOk();
  }),

  ...EU_COMMANDS.map(commandRoute),

  {
    method: 'GET',
    pattern: '/api/v1/spa/notifications/:id/records',
    handler: (ctx) => {
      // Polling a result is not a vehicle check: the quota neither counts nor refuses it.
      const caller = euGuard(ctx);
      if (isReply(caller)) return caller;
      const car = ctx.world.findCar(caller.account, ctx.params.id);
      if (!car) return euErrors.noVehicle();
      if (ctx.world.faults.emptyRecords) return spaOk([]);
      // Records follow the device that sent the command: a new device id sees none (HKC #564).
      const visible = car.records.filter((r) => !caller.deviceId || !r.deviceId || r.deviceId === caller.deviceId);
      return spaOk(visible.map((r) => ({ recordId: r.recordId, result: r.result, type: r.command })));
    },
  },
];
