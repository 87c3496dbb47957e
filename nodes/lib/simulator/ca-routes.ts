// Canada's car routes (more-regions.md 1.5-1.9): every call is a POST with the access token (and the
// vehicle id) in headers. PIN-protected calls need a live `pAuth` from `vrfypin` and the PIN again in
// the body; commands answer with a `transactionId` header that `rmtsts` follows from P to C.
import { caCloud, type CaCloud } from './ca-cloud';
import { caFail, caOk } from './ca-envelope';
import { caCelsius, caChargeLimits, caLocation, caMaintenance, caStatus } from './ca-render';
import { effects, heatingFlags, startCommand, type Effect } from './commands';
import { header, text, type Reply, type Route, type RouteContext } from './http-types';
import type { SimCar } from './vehicles';

const API = '/tods/api';

interface Authed {
  ctx: RouteContext;
  cloud: CaCloud;
}

interface WithCar extends Authed {
  car: SimCar;
}

/** The access token first (7403 expired or unknown, 7606 another IP), then the car if the call needs one. */
function authed(handler: (a: Authed) => Reply): (ctx: RouteContext) => Reply {
  return (ctx) => {
    const cloud = caCloud(ctx.world);
    const refused = cloud.checkToken(header(ctx, 'accesstoken'));
    return refused ? caFail(cloud, refused) : handler({ ctx, cloud });
  };
}

function withCar(handler: (a: WithCar) => Reply): (ctx: RouteContext) => Reply {
  return authed(({ ctx, cloud }) => {
    const wanted = header(ctx, 'vehicleid') ?? text(ctx.body.vehicleId); // BetterBlueKit sends it in the body
    const car = cloud.cars.find((c) => c.id === wanted);
    return car ? handler({ ctx, cloud, car }) : caFail(cloud, '7445');
  });
}

/** PIN-protected: a live pAuth for this car and the right PIN in the body. */
function withPin(handler: (a: WithCar) => Reply): (ctx: RouteContext) => Reply {
  return withCar((a) => {
    const { ctx, cloud, car } = a;
    if (!cloud.pAuthValid(header(ctx, 'pauth'), car.id)) return caFail(cloud, '7445');
    if (text(ctx.body.pin) !== cloud.account.pin) return caFail(cloud, '7310');
    return handler(a);
  });
}

function vehicleList({ cloud }: Authed): Reply {
  const vehicles = cloud.cars.map((car, i) => ({
    vehicleId: car.id,
    nickName: car.identity.nickname,
    modelCode: 'SG2EVCA',
    modelName: car.identity.model,
    modelYear: car.identity.year,
    fuelKindCode: 'E',
    trim: '',
    exteriorColor: 'SWP',
    dtcCount: 0,
    subscriptionStatus: 'A',
    subscriptionEndDate: '20301231',
    defaultVehicle: i === 0,
    enrollmentStatus: '7',
    genType: 'G3',
    valetParkingModeOn: 0,
    vin: car.identity.vin,
  }));
  return caOk(cloud, { vehicles });
}

function cached({ cloud, car }: WithCar): Reply {
  return caOk(cloud, { status: caStatus(car.snapshot.state, car.snapshot.at) });
}

/** `rltmvhclsts` wakes the car and answers at once with what it reports (EGMP: synchronous). */
function forced({ ctx, cloud, car }: WithCar): Reply {
  const now = cloud.now();
  ctx.world.counters.forceRefreshes += 1;
  car.drain12v(ctx.world.options.battery12vDropPerForce);
  car.report(now);
  return caOk(cloud, { status: caStatus(car.truth, now) });
}

function verifyPin({ ctx, cloud, car }: WithCar): Reply {
  cloud.counters.pinChecks += 1;
  if (text(ctx.body.pin) !== cloud.account.pin) {
    cloud.counters.pinRejections += 1;
    return caFail(cloud, '7310');
  }
  return caOk(cloud, { pAuth: cloud.issuePAuth(car.id) });
}

/** `fndmcr` is refused unless it comes as the native app: `from: SPA` and the `/remote/` Referer (HKC #1069). */
function findMyCar({ ctx, cloud, car }: WithCar): Reply {
  if (header(ctx, 'from') !== 'SPA' || !/\/remote\/?$/.test(header(ctx, 'referer') ?? '')) return caFail(cloud, '6459');
  return caOk(cloud, caLocation(car.truth, cloud.now()));
}

type Parse = (body: Record<string, unknown>, car: SimCar) => Effect | null;

const LEVELS = [50, 60, 70, 80, 90, 100];

function climateEffect(settings: unknown): Effect | null {
  const s = settings as Record<string, unknown> | null;
  const celsius = caCelsius((s?.airTemp as Record<string, unknown> | undefined)?.value);
  if (!s || celsius === null) return null;
  const heating = heatingFlags(Number(s.heating1 ?? 0));
  return effects.climateOn(celsius, 'C', s.defrost === true, heating.steeringWheelHeat, heating.rearWindowHeat);
}

const COMMANDS: Record<string, Parse> = {
  drlck: () => effects.lock(true),
  drulck: () => effects.lock(false),
  // EV9 / IONIQ 9 take `remoteControl`, the others `hvacInfo` (HKC); both are read here.
  'evc/rfon': (body) => climateEffect(body.hvacInfo ?? body.remoteControl),
  'evc/rfoff': () => effects.climateOff(),
  rmtstrt: (body) => climateEffect(body.setting),
  rmtstp: () => effects.climateOff(),
  'evc/rcstrt': () => effects.charge(true),
  'evc/rcstp': () => effects.charge(false),
  'evc/setsoc': (body) => {
    const list = Array.isArray(body.tsoc) ? (body.tsoc as Array<Record<string, unknown>>) : null;
    if (!list?.length || !list.every((t) => (t.plugType === 0 || t.plugType === 1) && LEVELS.includes(t.level as number))) return null;
    return effects.targets(list.map((t) => ({ plugType: t.plugType as number, targetSOClevel: t.level as number })));
  },
};

function command(path: string, parse: Parse): Route {
  return {
    method: 'POST',
    pattern: `${API}/${path}`,
    handler: withPin(({ ctx, cloud, car }) => {
      const effect = parse(ctx.body, car);
      if (!effect) return caFail(cloud, '7445');
      const record = startCommand(ctx.world, car, { name: path, effect, exclusive: false });
      if (!record) return caFail(cloud, '7445');
      cloud.transactions.set(record.recordId, { car, record });
      return caOk(cloud, undefined, { transactionId: record.recordId });
    }),
  };
}

/** `rmtsts`: P while the car works, C when it did it; a failure is F (its exact code is not recorded). */
function actionStatus({ ctx, cloud, car }: WithCar): Reply {
  const entry = cloud.transactions.get(header(ctx, 'transactionid') ?? '');
  if (!entry || entry.car !== car) return caFail(cloud, '7445');
  const { result } = entry.record;
  if (result === null) return caOk(cloud, { transaction: { apiResult: 'P', apiStatusCode: 'null' } });
  if (result === 'success') {
    return caOk(cloud, { transaction: { apiResult: 'C', apiStatusCode: 'null' }, vehicle: caStatus(car.snapshot.state, car.snapshot.at) });
  }
  return caOk(cloud, { transaction: { apiResult: 'F', apiStatusCode: result === 'non-response' ? 'TIMEOUT' : 'FAIL' } });
}

const post = (path: string, handler: (ctx: RouteContext) => Reply): Route => ({ method: 'POST', pattern: `${API}/${path}`, handler });

export const caRoutes: Route[] = [
  post('vhcllst', authed(vehicleList)),
  post('lstvhclsts', withCar(cached)),
  post(
    'sltvhcl',
    withCar(({ cloud, car }) =>
      caOk(cloud, {
        status: caStatus(car.snapshot.state, car.snapshot.at),
        vehicle: { vehicleId: car.id, odometer: Math.round(car.snapshot.state.odometer) },
      }),
    ),
  ),
  post('rltmvhclsts', withCar(forced)),
  post(
    'nxtsvc',
    withCar(({ cloud, car }) => caOk(cloud, { maintenanceInfo: caMaintenance(car.snapshot.state) })),
  ),
  post(
    'evc/selsoc',
    withCar(({ cloud, car }) => caOk(cloud, caChargeLimits(car.snapshot.state))),
  ),
  post('vrfypin', withCar(verifyPin)),
  post('fndmcr', withPin(findMyCar)),
  post(
    'rmtsts',
    withCar((a) => (a.cloud.pAuthValid(header(a.ctx, 'pauth'), a.car.id) ? actionStatus(a) : caFail(a.cloud, '7445'))),
  ),
  ...Object.entries(COMMANDS).map(([path, parse]) => command(path, parse)),
];
