// The EU identity server's browser-style sign-in (authorize → signin → code) for both the OneApp
// client ids (the CCI flow, cloud-protocol.md 1.5 D) and the older service ids (1.5 C), and the CCI
// API: code → CCI token set, token-exchange → CCS token, token-refresh with strict rotation.
// Observed behaviour modelled here: signin needs the cookies authorize set (without them the login
// page comes back, as for a wrong password); the firewall answers "abusing request" (1.5 C).
import { countTokenCall } from './counters';
import { CciSet, oneAppByClientId, oneAppByPackage } from './eu-cci-book';
import { header, isReply, json, Reply, Route, RouteContext, text as str } from './http-types';
import { decryptPassword, IDP_KID } from './idp-rsa';
import { EU_SERVICE_IDS } from './stamp';
import type { SimAccount, World } from './world';

const SESSION_COOKIE = 'SESSION';

function cookies(ctx: RouteContext): Map<string, string> {
  const found = new Map<string, string>();
  for (const pair of (header(ctx, 'cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) found.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return found;
}

const LOGIN_PAGE =
  '<html><body><form id="login" method="post" action="/auth/account/signin">' +
  '<input name="username"><input name="password" type="password"></form></body></html>';

/** Where the firewall sends a blocked sign-in (the wording seen live, HKC #1273). */
function firewallBlock(ctx: RouteContext, clientId: string | undefined): Reply {
  ctx.world.counters.cci.firewallBlocks += 1;
  const description = `Bad Request. It was classified as an abusing request and blocked. client_id : ${clientId ?? ''}`;
  const query = new URLSearchParams({ status: '400', error: 'Bad Request', error_description: description });
  return { status: 302, headers: { location: `${ctx.baseUrl}/error?${query}` } };
}

function authorize(ctx: RouteContext): Reply {
  const { world, query } = ctx;
  const clientId = query.get('client_id') ?? undefined;
  if (world.faults.signInBlocked) return firewallBlock(ctx, clientId);
  const app = oneAppByClientId(clientId);
  if (!app && !EU_SERVICE_IDS.has(clientId ?? '')) return { status: 400, body: '<html><body>Invalid client</body></html>' };
  const redirectUri = query.get('redirect_uri') ?? '';
  if (app && redirectUri !== app.redirect) return { status: 400, body: '<html><body>Invalid redirect_uri</body></html>' };
  if (app) world.counters.cci.authorize += 1;
  const session = world.cci.openSession(clientId as string, redirectUri);
  // Two cookies, as a load balancer adds its own: a client must keep both, not only the last one.
  const setCookie = [`${SESSION_COOKIE}=${session}; Path=/; HttpOnly`, `lb=${session.slice(0, 8)}; Path=/`];
  return { status: 200, body: LOGIN_PAGE, headers: { 'set-cookie': setCookie } };
}

function passwordOf(body: Record<string, unknown>): string | undefined {
  const encrypted = str(body.encryptedPassword) === 'true' && str(body.kid) === IDP_KID;
  return encrypted ? (decryptPassword(str(body.password) ?? '') ?? undefined) : str(body.password);
}

function accountFor(world: World, username: string | undefined, password: string | undefined): SimAccount | undefined {
  const account = world.accounts.eu;
  return username?.toLowerCase() === account.username.toLowerCase() && password === account.password ? account : undefined;
}

function withCode(redirectUri: string, code: string, state: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('code', code);
  url.searchParams.set('state', state);
  url.searchParams.set('login_success', 'y');
  return url.toString();
}

function signin(ctx: RouteContext): Reply {
  const { world, body, baseUrl } = ctx;
  const clientId = str(body.client_id);
  if (world.faults.signInBlocked) return firewallBlock(ctx, clientId);
  const session = world.cci.session(cookies(ctx).get(SESSION_COOKIE));
  // No sign-in session (cookies not kept), or one opened for another client: the login page again.
  if (!session || session.clientId !== clientId) return { status: 200, body: LOGIN_PAGE };
  const app = oneAppByClientId(clientId);
  const redirectUri = app ? session.redirectUri : str(body.redirect_uri);
  if (!redirectUri || !URL.canParse(redirectUri)) return { status: 400, body: '<html><body>Invalid redirect_uri</body></html>' };
  countTokenCall(world.counters, 'eu', 'password');
  if (app) world.counters.cci.signin += 1;
  const account = accountFor(world, str(body.username), passwordOf(body));
  if (!account) {
    // Bad credentials land back on the authorize page (cloud-protocol.md 1.5 C step 3).
    // No `error` in it: HKC reads an `error` in this location as a different rejection.
    const back = `${baseUrl}/auth/api/v2/user/oauth2/authorize?response_type=code&client_id=${encodeURIComponent(clientId ?? '')}`;
    return { status: 302, headers: { location: back } };
  }
  const code = app ? world.cci.issueCode(account.id, app.clientId) : world.tokens.issueCode('eu', account.id).value;
  return { status: 302, headers: { location: withCode(redirectUri, code, str(body.state) ?? 'ccsp') } };
}

/** CCI answers errors in a small JSON of its own; the shape is assumed (nothing public shows one). */
const cciError = (status: number, code: string, message: string): Reply => json(status, { code, message });

/** Every CCI call names the OneApp it comes from in `client-id` (the app's package id). */
function knownApp(ctx: RouteContext): boolean {
  return oneAppByPackage(header(ctx, 'client-id')) !== undefined;
}

function tokenSetAnswer(world: World, set: CciSet): Reply {
  const body = {
    accessToken: set.accessToken,
    refreshToken: set.refreshToken,
    exchangeableAccessToken: set.exchangeableAccessToken,
    exchangeableRefreshToken: set.exchangeableRefreshToken,
    nonCcsToken: set.nonCcsToken,
    nonCcsRefreshToken: set.nonCcsRefreshToken,
    idToken: set.idToken,
    tokenType: 'Bearer',
    expiresIn: world.options.tokenLifetimes.euCciAccess,
    connector: {},
    isRequiredTerm: false,
  };
  // The exchangeable token also comes as the `t` cookie on a refresh (HKC reads either).
  return json(200, body, { 'set-cookie': `t=${set.exchangeableAccessToken}; Path=/; HttpOnly` });
}

function cciToken(ctx: RouteContext): Reply {
  const { world, query } = ctx;
  if (!knownApp(ctx)) return cciError(400, '4000', 'Unknown client-id');
  const code = world.cci.useCode(query.get('code') ?? undefined);
  if (!code) return cciError(400, '4001', 'Invalid authorization code');
  world.counters.cci.code += 1;
  countTokenCall(world.counters, 'eu', 'code');
  return tokenSetAnswer(world, world.cci.issueSet(code.accountId));
}

function cciExchange(ctx: RouteContext): Reply {
  const { world, query } = ctx;
  if (!knownApp(ctx)) return cciError(400, '4000', 'Unknown client-id');
  if ((query.get('serviceType') ?? '').toUpperCase() !== 'CCS') return cciError(400, '4002', 'Unsupported serviceType');
  const presented = header(ctx, 'authorization')
    ?.replace(/^Bearer\s+/i, '')
    .trim();
  const set = world.cci.liveByAccess(presented);
  if (!set) return cciError(401, '4010', 'Invalid or expired access token');
  world.counters.cci.exchange += 1;
  const lifetime = world.options.tokenLifetimes.euCcs;
  // The CCS token is an ordinary EU access token for the SPA API; expiresTime is a TTL in seconds.
  return json(200, { accessToken: world.tokens.issueAccess('eu', set.accountId, lifetime).value, expiresTime: lifetime });
}

function cciRefresh(ctx: RouteContext): Reply {
  const { world, body } = ctx;
  if (!knownApp(ctx)) return cciError(400, '4000', 'Unknown client-id');
  world.counters.cci.refresh += 1;
  countTokenCall(world.counters, 'eu', 'refresh');
  const outcome = world.cci.refresh(str(body.refreshToken));
  if (!outcome.ok) {
    if (outcome.reason === 'reused') world.counters.reuseDetections += 1;
    else world.counters.refreshRejections += 1;
    return cciError(401, '4011', 'Invalid refresh token');
  }
  return tokenSetAnswer(world, outcome.set);
}

/** Calls the app makes with the CCI access token itself (not the CCS token). */
function cciCaller(ctx: RouteContext): CciSet | Reply {
  if (!knownApp(ctx)) return cciError(400, '4000', 'Unknown client-id');
  const set = ctx.world.cci.liveByAccess(
    header(ctx, 'authorization')
      ?.replace(/^Bearer\s+/i, '')
      .trim(),
  );
  return set ?? cciError(401, '4010', 'Invalid or expired access token');
}

/**
 * The OneApp's car list (HKC reads it for its token test and, in newer versions, as the car list).
 * Field names follow HKC's parser; the envelope (`contents`) is one of the shapes it accepts.
 */
function availableVehicles(ctx: RouteContext): Reply {
  const caller = cciCaller(ctx);
  if (isReply(caller)) return caller;
  const contents = ctx.world.accounts.eu.cars.map((car) => ({
    ccspCarId: car.id,
    vin: car.identity.vin,
    vehicleNameView: car.identity.nickname,
    vehicleModelName: car.identity.model,
    fuelType: car.identity.euType === 'EV' ? 'EV' : 'PHEV',
    isEv: car.identity.euType === 'EV',
    ccs2ProtocolSupport: car.protocol === 'eu-ccs2' ? 1 : 0,
    ccspVehicle: { carId: car.id, carType: car.identity.euType === 'EV' ? 'EV' : 'PHEV' },
  }));
  return json(200, { contents });
}

export const euCciRoutes: Route[] = [
  { method: 'GET', pattern: '/auth/api/v2/user/oauth2/authorize', handler: authorize },
  { method: 'POST', pattern: '/auth/account/signin', handler: signin },
  {
    method: 'GET',
    pattern: '/error',
    handler: ({ query }) => ({
      status: 400,
      body: `<html><body><h1>${query.get('error') ?? 'Error'}</h1><p>${query.get('error_description') ?? ''}</p></body></html>`,
    }),
  },
  { method: 'POST', pattern: '/domain/api/v1/auth/token', handler: cciToken },
  { method: 'GET', pattern: '/domain/api/v1/vehicle/available-vehicles', handler: availableVehicles },
  // Push registration of the app (HKC calls it best effort after signing in).
  {
    method: 'POST',
    pattern: '/domain/api/v3/notifications/bases/devices',
    handler: (ctx) => {
      const caller = cciCaller(ctx);
      return isReply(caller) ? caller : json(200, { result: 'ok' });
    },
  },
  { method: 'POST', pattern: '/domain/api/v1/auth/token-exchange', handler: cciExchange },
  // v2 takes JSON; the app sends v1 as a form (a live probe saw v1 + JSON fail with 9009).
  { method: 'POST', pattern: '/domain/api/v2/auth/token-refresh', handler: cciRefresh },
  {
    method: 'POST',
    pattern: '/domain/api/v1/auth/token-refresh',
    handler: (ctx) => ((header(ctx, 'content-type') ?? '').includes('json') ? cciError(500, '9009', 'Internal error') : cciRefresh(ctx)),
  },
];
