// EU identity: the classic ccapi sign-in + code exchange, the identity server's certs and token
// endpoint (code exchange of the headless login, refresh grant), device registration, and PIN →
// control token (cloud-protocol.md 1.5 A-C, 1.6, 1.7). The identity server's authorize and signin,
// shared with the OneApp/CCI login (1.5 D), are in eu-cci-routes.ts.
import { countTokenCall } from './counters';
import { euErrors, idpRejected, spaOk, userApiError } from './eu-envelopes';
import { euGuard } from './eu-guard';
import { isReply, json, Reply, Route, RouteContext, text as str } from './http-types';
import { certs } from './idp-rsa';
import { checkStamp, EU_SERVICE_IDS } from './stamp';
import type { SimAccount, World } from './world';

function passwordMatches(world: World, username: string | undefined, password: string | undefined): SimAccount | undefined {
  const account = world.accounts.eu;
  return username?.toLowerCase() === account.username.toLowerCase() && password === account.password ? account : undefined;
}

function tokenAnswer(world: World, accessValue: string, refreshValue: string): Reply {
  return json(200, {
    access_token: accessValue,
    token_type: 'Bearer',
    refresh_token: refreshValue,
    expires_in: world.options.tokenLifetimes.euAccess,
  });
}

/** Both token endpoints share the grants; they differ in how they say no. */
function tokenGrant(ctx: RouteContext, reject: () => Reply): Reply {
  const { world, body } = ctx;
  const grant = str(body.grant_type);
  if (grant === 'authorization_code') {
    countTokenCall(world.counters, 'eu', 'code');
    const code = world.tokens.useCode(str(body.code), 'eu');
    if (!code) return reject();
    const access = world.tokens.issueAccess('eu', code.accountId);
    return tokenAnswer(world, access.value, world.tokens.issueRefresh('eu', code.accountId).value);
  }
  if (grant === 'refresh_token') {
    countTokenCall(world.counters, 'eu', 'refresh');
    const outcome = world.tokens.useRefresh(str(body.refresh_token), 'eu', world.options.rotate.eu);
    if (!outcome.ok) {
      if (outcome.reason === 'reused') world.counters.reuseDetections += 1;
      else world.counters.refreshRejections += 1;
      return reject();
    }
    const access = world.tokens.issueAccess('eu', outcome.refreshToken.accountId);
    return tokenAnswer(world, access.value, outcome.refreshToken.value);
  }
  return reject();
}

function codeRedirect(redirectUri: string, code: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  url.searchParams.set('code', code);
  if (state) url.searchParams.set('state', state);
  url.searchParams.set('login_success', 'y');
  return url.toString();
}

const loginPage = (ctx: RouteContext): Reply => ({
  status: 200,
  body: '<html><body><form method="post" action="/auth/account/signin">Sign in</form></body></html>',
  headers: { 'set-cookie': `account=${ctx.world.clock.now().toString(36)}; Path=/; HttpOnly` },
});

export const euAuthRoutes: Route[] = [
  // Legacy session bootstrap and the classic ccapi login (1.5 A).
  { method: 'GET', pattern: '/api/v1/user/oauth2/authorize', handler: loginPage },
  { method: 'POST', pattern: '/api/v1/user/language', handler: () => json(200, {}) },
  {
    method: 'POST',
    pattern: '/api/v1/user/signin',
    handler: ({ world, body, baseUrl }) => {
      countTokenCall(world.counters, 'eu', 'password');
      const account = passwordMatches(world, str(body.email) ?? str(body.username), str(body.password));
      if (!account) return userApiError(400, '4003', 'Invalid values', { userId: '', remainCount: 4, remainTime: 300 });
      const code = world.tokens.issueCode('eu', account.id);
      return json(200, { redirectUrl: codeRedirect(`${baseUrl}/api/v1/user/oauth2/redirect`, code.value, 'ccsp') });
    },
  },
  { method: 'GET', pattern: '/api/v1/user/oauth2/redirect', handler: () => ({ status: 200, body: '<html><body>ok</body></html>' }) },
  {
    method: 'POST',
    pattern: '/api/v1/user/oauth2/token',
    handler: (ctx) => tokenGrant(ctx, () => userApiError(400, '4002', 'Invalid parameters')),
  },

  // The identity server (1.5 B and C); its authorize and signin are in eu-cci-routes.ts.
  { method: 'GET', pattern: '/auth/api/v1/accounts/certs', handler: () => json(200, certs()) },
  {
    method: 'POST',
    pattern: '/auth/api/v2/user/oauth2/token',
    handler: (ctx) => {
      if (!EU_SERVICE_IDS.has(str(ctx.body.client_id) ?? '')) return idpRejected('4001', 'Invalid client');
      return tokenGrant(ctx, () => idpRejected());
    },
  },

  // Device registration (1.6): no token, but the stamp is checked.
  {
    method: 'POST',
    pattern: '/api/v1/spa/notifications/register',
    handler: (ctx) => {
      const stampProblem = checkStamp(ctx);
      if (stampProblem) return stampProblem;
      const { pushRegId, pushType, uuid } = ctx.body;
      if (typeof pushRegId !== 'string' || typeof pushType !== 'string' || typeof uuid !== 'string') {
        return euErrors.invalidBody('pushRegId, pushType and uuid are required');
      }
      ctx.world.counters.deviceRegistrations += 1;
      return spaOk({ deviceId: ctx.world.registerDevice() });
    },
  },

  // PIN → control token (1.7), valid ten minutes by default.
  {
    method: 'PUT',
    pattern: '/api/v1/user/pin',
    handler: (ctx) => {
      const caller = euGuard(ctx);
      if (isReply(caller)) return caller;
      const { world, body } = ctx;
      countTokenCall(world.counters, caller.account.region, 'control');
      const deviceId = str(body.deviceId);
      if (!deviceId || world.devices.get(deviceId) !== true) {
        world.counters.deviceIdRejections += 1;
        return euErrors.invalidDevice();
      }
      if (str(body.pin) !== caller.account.pin) {
        caller.account.pinFailures += 1;
        const remainCount = Math.max(0, 5 - caller.account.pinFailures);
        return userApiError(400, '4003', 'Invalid values', { userId: '', remainCount, remainTime: 300 });
      }
      caller.account.pinFailures = 0;
      const control = world.tokens.issueControl(caller.account.id, caller.account.region);
      return json(200, { controlToken: control.value, expiresTime: world.options.tokenLifetimes.euControl });
    },
  },
];
