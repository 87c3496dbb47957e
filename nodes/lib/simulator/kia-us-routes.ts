// The Kia USA API gateway (cloud-protocol.md 3), under `/apigw/v1/`. Every answer is HTTP 200 with a
// `status` envelope; errors are statusCode 1 with an errorCode (1001 wrong password, 1003 session
// invalid or expired, 9789 invalid request). The sign-in gives a `sid` header, or asks for a code.
import { startCommand, effects, Parsed, parseTargets } from './commands';
import { header, json, Reply, Route, RouteContext, text } from './http-types';
import type { KiaSession } from './kia-us-cloud';
import { kiaVehicleInfo, kiaVehicleStatus } from './render-us-kia';
import type { SimCar } from './vehicles';

type Body = Record<string, unknown>;
const P = '/apigw/v1';

const ok = (payload?: unknown, headers?: Record<string, string>): Reply =>
  json(
    200,
    {
      status: { statusCode: 0, errorType: 0, errorCode: 0, errorMessage: 'Success with response body' },
      ...(payload !== undefined && { payload }),
    },
    headers,
  );

const failed = (errorType: number, errorCode: number, errorMessage: string): Reply =>
  json(200, { status: { statusCode: 1, errorType, errorCode, errorMessage } });

const errors = {
  credentials: () => failed(1, 1001, 'Invalid Email or Password'),
  session: () => failed(1, 1003, 'Session Key is either invalid or expired'),
  request: () => failed(3, 9789, 'Invalid Request'),
  otp: () => failed(1, 1210, 'Invalid verification code'),
  quota: () => failed(1, 1125, 'Exceeds number of requests allowed per day'),
  unreachable: () => failed(1, 1137, 'We are not able to connect with your vehicle at this time'),
};

// ---- sign-in ---------------------------------------------------------------------------------

function authUser(ctx: RouteContext): Reply {
  const kia = ctx.world.kiaUs;
  const counts = ctx.world.counters.kiaUs;
  const credential = (ctx.body.userCredential ?? {}) as Body;
  const deviceId = header(ctx, 'deviceid') ?? text(ctx.body.deviceKey);
  if (!deviceId || typeof credential.userId !== 'string') return errors.request();
  counts.authUser += 1;
  if (credential.userId.toLowerCase() !== kia.account.username || credential.password !== kia.account.password) return errors.credentials();

  const rmtoken = header(ctx, 'rmtoken');
  // Completing a sign-in after a verified code: the short session of cmm/verifyOTP plus its rmtoken.
  const presented = kia.sessions.get(header(ctx, 'sid') ?? '');
  if (presented?.stage === 'otp' && presented.deviceId === deviceId && !presented.expired) {
    kia.sessions.delete(presented.sid);
    return signedIn(ctx, deviceId);
  }
  if (kia.remembers(rmtoken, deviceId)) {
    counts.rememberedSignIns += 1;
    return signedIn(ctx, deviceId);
  }
  counts.otpRequests += 1;
  const challenge = kia.challenge(deviceId);
  const a = kia.account;
  return ok(
    { otpKey: challenge.otpKey, hasEmail: true, hasPhone: true, email: a.email, phone: a.phone, rmTokenExpired: Boolean(rmtoken) },
    { xid: challenge.xid },
  );
}

function signedIn(ctx: RouteContext, deviceId: string): Reply {
  ctx.world.counters.kiaUs.signIns += 1;
  const session = ctx.world.kiaUs.open(deviceId, 'full');
  return ok(undefined, { sid: session.sid });
}

function challengeOf(ctx: RouteContext) {
  const challenge = ctx.world.kiaUs.challenges.get(header(ctx, 'otpkey') ?? '');
  return challenge && !challenge.used && challenge.xid === header(ctx, 'xid') ? challenge : undefined;
}

function sendOtp(ctx: RouteContext): Reply {
  const challenge = challengeOf(ctx);
  const notify = (header(ctx, 'notifytype') ?? '').toUpperCase();
  if (!challenge || (notify !== 'EMAIL' && notify !== 'SMS')) return errors.request();
  const { world } = ctx;
  challenge.sent = true;
  world.counters.kiaUs.otpSent += 1;
  const to = notify === 'EMAIL' ? world.kiaUs.account.email : world.kiaUs.account.phone;
  world.options.otpLog(`[Kia USA simulator] one-time code ${world.kiaUs.otpCode} sent by ${notify} to ${to}`);
  return ok({});
}

function verifyOtp(ctx: RouteContext): Reply {
  const challenge = challengeOf(ctx);
  if (!challenge || !challenge.sent) return errors.request();
  const { world } = ctx;
  const kia = world.kiaUs;
  if (String(ctx.body.otp ?? '') !== kia.otpCode) {
    world.counters.kiaUs.otpRejected += 1;
    return errors.otp();
  }
  challenge.used = true;
  world.counters.kiaUs.otpVerified += 1;
  const session = kia.open(challenge.deviceId, 'otp');
  const headers: Record<string, string> = { sid: session.sid };
  if (world.options.kiaRememberMe) headers.rmtoken = kia.remember(challenge.deviceId);
  return ok({}, headers);
}

// ---- the API -----------------------------------------------------------------------------------

function sessionOf(ctx: RouteContext): KiaSession | Reply {
  const session = ctx.world.kiaUs.sessions.get(header(ctx, 'sid') ?? '');
  if (!session || session.stage !== 'full' || session.expired) {
    ctx.world.counters.kiaUs.sessionExpired += 1;
    ctx.world.counters.expiredRejections += 1;
    return errors.session();
  }
  return session;
}

/** The car from the `vinkey` header or a body `vinKey` list, by this session's keys only. */
function carOf(ctx: RouteContext, session: KiaSession): SimCar | undefined {
  const listed = Array.isArray(ctx.body.vinKey) ? text(ctx.body.vinKey[0]) : undefined;
  return session.keys.get(listed ?? header(ctx, 'vinkey') ?? '');
}

function withCar(handler: (ctx: RouteContext, car: SimCar) => Reply): Route['handler'] {
  return (ctx) => {
    const session = sessionOf(ctx);
    if (!('keys' in session)) return session;
    const car = carOf(ctx, session);
    return car ? handler(ctx, car) : errors.request();
  };
}

function reachCar(ctx: RouteContext): Reply | null {
  const { world } = ctx;
  if (world.faults.unreachable) return errors.unreachable();
  const quota = world.kiaUs.account.quota;
  if (quota.used >= quota.limit) {
    world.counters.quotaRejections += 1;
    return errors.quota();
  }
  quota.used += 1;
  return null;
}

function vehicleList(ctx: RouteContext): Reply {
  const session = sessionOf(ctx);
  if (!('keys' in session)) return session;
  const kia = ctx.world.kiaUs;
  return ok({
    vehicleSummary: kia.account.cars.map((car) => ({
      vehicleIdentifier: car.id,
      vehicleKey: kia.keyOf(session, car),
      nickName: car.identity.nickname,
      modelName: car.identity.model,
      modelYear: car.identity.year,
      vin: car.identity.vin,
      fuelType: 4,
      mileage: String(Math.round(car.truth.odometer)),
      colorName: 'SNOW WHITE PEARL',
      trim: 'EX',
    })),
  });
}

const cached = withCar((ctx, car) => {
  car.advance(ctx.world.clock.now());
  const { state, at } = car.snapshot;
  return ok({ vehicleInfoList: [kiaVehicleInfo(state, at, car.identity.model, car.identity.year)] });
});

const forced = withCar((ctx, car) => {
  const refused = reachCar(ctx);
  if (refused) return refused;
  const { world } = ctx;
  const now = world.clock.now();
  world.counters.forceRefreshes += 1;
  car.drain12v(world.options.battery12vDropPerForce);
  car.report(now);
  return ok({
    vehicleStatusRpt: { statusType: '2', reportDate: { utc: '', offset: -8 }, vehicleStatus: kiaVehicleStatus(car.snapshot.state, now) },
  });
});

const LIMITS: Record<string, number> = { LOW: 62, HIGH: 82 };

function climate(body: Body): Parsed {
  const remote = (body.remoteClimate ?? {}) as Body;
  const raw = (remote.airTemp as Body | undefined)?.value;
  const value = typeof raw === 'string' && raw.toUpperCase() in LIMITS ? LIMITS[raw.toUpperCase()] : Number(raw);
  if (!Number.isFinite(value) || value < 62 || value > 82) return 'remoteClimate.airTemp.value must be 62 to 82 (°F), LOW or HIGH';
  const heating = (remote.heatingAccessory ?? {}) as Body;
  return {
    name: 'climate-start',
    effect: effects.climateOn(value, 'F', remote.defrost === true, Number(heating.steeringWheel) > 0, Number(heating.rearWindow) > 0),
  };
}

function command(method: 'GET' | 'POST', path: string, parse: (body: Body) => Parsed): Route {
  return {
    method,
    pattern: `${P}/${path}`,
    handler: withCar((ctx, car) => {
      const parsed = parse(ctx.body);
      if (typeof parsed === 'string') return errors.request();
      const refused = reachCar(ctx);
      if (refused) return refused;
      const record = startCommand(ctx.world, car, { name: parsed.name, effect: parsed.effect, exclusive: false });
      return ok({}, { xid: record?.recordId ?? '' });
    }),
  };
}

const actionStatus = withCar((ctx, car) => {
  const record = car.records.find((r) => r.recordId === text(ctx.body.xid));
  if (!record) return errors.request();
  // Every value 0 once the car did it; remoteStatus 1 while the command travels, 2 when the car refused.
  const remoteStatus = record.result === null ? 1 : record.result === 'success' ? 0 : 2;
  return ok({ remoteStatus, calSyncStatus: 0, alertStatus: 0, locationStatus: 0, evStatus: 0 });
});

const targets = withCar((ctx, car) =>
  ok({
    targetSOClist: [
      { plugType: 0, targetSOClevel: car.truth.ev.targetDc },
      { plugType: 1, targetSOClevel: car.truth.ev.targetAc },
    ],
  }),
);

export const kiaUsRoutes: Route[] = [
  { method: 'POST', pattern: `${P}/prof/authUser`, handler: authUser },
  { method: 'POST', pattern: `${P}/cmm/sendOTP`, handler: sendOtp },
  { method: 'POST', pattern: `${P}/cmm/verifyOTP`, handler: verifyOtp },
  { method: 'GET', pattern: `${P}/ownr/gvl`, handler: vehicleList },
  { method: 'POST', pattern: `${P}/cmm/gvi`, handler: cached },
  { method: 'POST', pattern: `${P}/rems/rvs`, handler: forced },
  { method: 'POST', pattern: `${P}/cmm/gts`, handler: actionStatus },
  { method: 'GET', pattern: `${P}/evc/gts`, handler: targets },
  command('GET', 'rems/door/lock', () => ({ name: 'lock', effect: effects.lock(true) })),
  command('GET', 'rems/door/unlock', () => ({ name: 'unlock', effect: effects.lock(false) })),
  command('POST', 'rems/start', climate),
  command('GET', 'rems/stop', () => ({ name: 'climate-stop', effect: effects.climateOff() })),
  command('POST', 'evc/charge', () => ({ name: 'charge-start', effect: effects.charge(true) })),
  command('GET', 'evc/cancel', () => ({ name: 'charge-stop', effect: effects.charge(false) })),
  command('POST', 'evc/sts', (body) => parseTargets(body.targetSOClist)),
];
