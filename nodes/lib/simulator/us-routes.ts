// The US Hyundai Blue Link API (cloud-protocol.md 2.1, 2.3): enrollment, status with the `REFRESH`
// header, findMyCar, commands that answer 200 with an empty body and the transaction id in a
// response header, and `rmt/getRunningStatus`. The token comes in `accessToken` or `access_token`.
import { effects, heatingFlags, Parsed, parseTargets, startCommand } from './commands';
import { header, isReply, Reply, Route, RouteContext } from './http-types';
import { usFindMyCar, usVehicleStatus } from './render-us';
import { usErrors } from './us-errors';
import type { SimCar } from './vehicles';
import type { SimAccount } from './world';

type Body = Record<string, unknown>;

interface UsCall {
  account: SimAccount;
  car: SimCar;
}

function usAccount(ctx: RouteContext, fn: string): SimAccount | Reply {
  const { world } = ctx;
  const value = header(ctx, 'accesstoken') ?? header(ctx, 'access_token');
  const token = world.tokens.find(value?.replace(/^Bearer\s+/i, ''));
  if (!token || token.kind !== 'access' || token.region !== 'us') return usErrors.invalidToken(fn);
  if (world.tokens.isExpired(token)) {
    world.counters.expiredRejections += 1;
    return usErrors.expired(fn);
  }
  return world.accounts.us;
}

/** The car from the `vin` or `registrationId` header, or the account's only car. */
function usCall(ctx: RouteContext, fn: string): UsCall | Reply {
  const account = usAccount(ctx, fn);
  if (isReply(account)) return account;
  const key = header(ctx, 'vin') ?? header(ctx, 'registrationid');
  const car = key ? ctx.world.findCar(account, key) : account.cars.length === 1 ? account.cars[0] : undefined;
  return car ? { account, car } : usErrors.noVehicle(fn);
}

/** Reaching the car: it may be unreachable, and it uses the daily quota. */
function reachCar(ctx: RouteContext, { account }: UsCall, fn: string): Reply | null {
  const { world } = ctx;
  if (world.faults.unreachable) return usErrors.unreachable(fn);
  if (!world.useQuota(account)) {
    world.counters.quotaRejections += 1;
    return usErrors.quota(fn);
  }
  return null;
}

const LIMITS: Record<string, number> = { LO: 62, LOW: 62, HI: 82, HIGH: 82 };

function climate(body: Body): Parsed {
  const airTemp = body.airTemp as Body | undefined;
  const raw = airTemp?.value;
  const value = typeof raw === 'string' && raw.toUpperCase() in LIMITS ? LIMITS[raw.toUpperCase()] : Number(raw);
  if (!Number.isFinite(value) || value < 62 || value > 82) return 'airTemp.value must be 62 to 82 (°F), LO or HI';
  if (body.defrost !== undefined && typeof body.defrost !== 'boolean') return 'defrost must be a boolean';
  const heating = body.heating1 ?? 0;
  if (![0, 1, 2, 3, 4].includes(heating as number)) return 'heating1 must be 0 to 4';
  const { steeringWheelHeat, rearWindowHeat } = heatingFlags(heating as number);
  return { name: 'climate-start', effect: effects.climateOn(value, 'F', body.defrost === true, steeringWheelHeat, rearWindowHeat) };
}

const US_COMMANDS: Array<{ path: string; fn: string; parse: (body: Body) => Parsed }> = [
  { path: 'rcs/rdo/off', fn: 'remoteDoorLock', parse: () => ({ name: 'lock', effect: effects.lock(true) }) },
  { path: 'rcs/rdo/on', fn: 'remoteDoorUnlock', parse: () => ({ name: 'unlock', effect: effects.lock(false) }) },
  { path: 'evc/fatc/start', fn: 'remoteClimateStart', parse: climate },
  { path: 'evc/fatc/stop', fn: 'remoteClimateStop', parse: () => ({ name: 'climate-stop', effect: effects.climateOff() }) },
  { path: 'rcs/rsc/start', fn: 'remoteClimateStart', parse: climate },
  { path: 'rcs/rsc/stop', fn: 'remoteClimateStop', parse: () => ({ name: 'climate-stop', effect: effects.climateOff() }) },
  { path: 'evc/charge/start', fn: 'remoteChargeStart', parse: () => ({ name: 'charge-start', effect: effects.charge(true) }) },
  { path: 'evc/charge/stop', fn: 'remoteChargeStop', parse: () => ({ name: 'charge-stop', effect: effects.charge(false) }) },
  { path: 'evc/charge/targetsoc/set', fn: 'remoteSetTargetSoc', parse: (b) => parseTargets(b.targetSOClist) },
  { path: 'rcs/rhl/light', fn: 'remoteLights', parse: () => ({ name: 'hazard', effect: effects.none() }) },
  { path: 'rcs/rhl/hnl', fn: 'remoteHornLights', parse: () => ({ name: 'horn-light', effect: effects.none() }) },
];

function commandRoute(spec: (typeof US_COMMANDS)[number]): Route {
  return {
    method: 'POST',
    pattern: `/ac/v2/${spec.path}`,
    handler: (ctx) => {
      const call = usCall(ctx, spec.fn);
      if (isReply(call)) return call;
      const pin = header(ctx, 'bluelinkservicepin');
      if (pin !== call.account.pin) return usErrors.badPin(spec.fn);
      const bodyVin = ctx.body.vin;
      if (typeof bodyVin === 'string' && bodyVin !== call.car.identity.vin) return usErrors.badBody(spec.fn, 'vin does not match');
      const parsed = spec.parse(ctx.body);
      if (typeof parsed === 'string') return usErrors.badBody(spec.fn, parsed);
      const problem = reachCar(ctx, call, spec.fn);
      if (problem) return problem;
      const record = startCommand(ctx.world, call.car, { ...parsed, exclusive: false });
      const tid = record!.recordId;
      return {
        status: 200,
        headers: { tmsTid: tid, transactionId: tid, 'access-control-expose-headers': 'transactionId, tmsTid, transactionDate' },
      };
    },
  };
}

export const usRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/ac/v2/enrollment/details/:username',
    handler: (ctx) => {
      const account = usAccount(ctx, 'enrollmentDetails');
      if (isReply(account)) return account;
      if (ctx.params.username.toLowerCase() !== account.username.toLowerCase()) return usErrors.noVehicle('enrollmentDetails');
      return {
        status: 200,
        body: {
          enrolledVehicleDetails: account.cars.map((car) => ({
            vehicleDetails: {
              regid: car.identity.vehicleId,
              nickName: car.identity.nickname,
              vin: car.identity.vin,
              evStatus: 'E',
              modelCode: car.identity.model,
              modelYear: car.identity.year,
              enrollmentDate: `${car.identity.year}-03-01`,
              enrollmentStatus: 'ACTIVE',
              vehicleGeneration: '3',
              odometer: String(Math.round(car.snapshot.state.odometer)),
              brandIndicator: 'H',
            },
          })),
          addressDetails: [],
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/ac/v2/rcs/rvs/vehicleStatus',
    handler: (ctx) => {
      const call = usCall(ctx, 'remoteVehicleStatus');
      if (isReply(call)) return call;
      if ((header(ctx, 'refresh') ?? 'false').toLowerCase() === 'true') {
        const problem = reachCar(ctx, call, 'remoteVehicleStatus');
        if (problem) return problem;
        ctx.world.counters.forceRefreshes += 1;
        call.car.drain12v(ctx.world.options.battery12vDropPerForce);
        call.car.report(ctx.world.clock.now());
      }
      const { state, at } = call.car.snapshot;
      return { status: 200, body: { vehicleStatus: usVehicleStatus(state, at) } };
    },
  },
  {
    method: 'GET',
    pattern: '/ac/v2/rcs/rfc/findMyCar',
    handler: (ctx) => {
      const call = usCall(ctx, 'findMyCar');
      if (isReply(call)) return call;
      const problem = reachCar(ctx, call, 'findMyCar');
      if (problem) return problem;
      const now = ctx.world.clock.now();
      call.car.advance(now);
      return { status: 200, body: usFindMyCar(call.car.truth, now) };
    },
  },
  ...US_COMMANDS.map(commandRoute),
  {
    method: 'GET',
    pattern: '/ac/v2/rmt/getRunningStatus',
    handler: (ctx) => {
      const account = usAccount(ctx, 'getRunningStatus');
      if (isReply(account)) return account;
      const tid = header(ctx, 'tid');
      const record = account.cars.flatMap((car) => car.records).find((r) => r.recordId === tid);
      if (!record) return { status: 200 }; // an empty body means "unknown" (cloud-protocol.md 2.3)
      const status = record.result === null ? 'PENDING' : record.result === 'success' ? 'SUCCESS' : 'ERROR';
      return { status: 200, body: { status } };
    },
  },
];
