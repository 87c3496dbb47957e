// US Hyundai login and refresh (cloud-protocol.md 2.2): `POST /v2/ac/oauth/token` with username and
// password, optionally with `grant_type=refresh_token` (HKC), and `POST /v2/ac/oauth/token/refresh`
// with the refresh token alone (BL, EGMP). Both rotate the refresh token when rotation is on.
import { countTokenCall } from './counters';
import { json, Reply, Route, RouteContext, text as str } from './http-types';
import { usErrors } from './us-errors';
import type { World } from './world';

function tokenAnswer(world: World, accountId: string, refreshValue: string, username?: string): Reply {
  const access = world.tokens.issueAccess('us', accountId);
  return json(200, {
    access_token: access.value,
    refresh_token: refreshValue,
    expires_in: String(world.options.tokenLifetimes.usAccess), // a string on the real server
    token_type: 'Bearer',
    ...(username ? { username } : {}),
  });
}

function refreshGrant(world: World, refreshToken: string | undefined, username?: string): Reply {
  countTokenCall(world.counters, 'us', 'refresh');
  const outcome = world.tokens.useRefresh(refreshToken, 'us', world.options.rotate.us);
  if (!outcome.ok) {
    if (outcome.reason === 'reused') world.counters.reuseDetections += 1;
    else world.counters.refreshRejections += 1;
    return usErrors.badRefreshToken();
  }
  return tokenAnswer(world, outcome.refreshToken.accountId, outcome.refreshToken.value, username);
}

function loginOrRefresh({ world, body }: RouteContext): Reply {
  const username = str(body.username);
  const password = str(body.password);
  const account = world.accounts.us;
  if (!password) {
    if (str(body.grant_type) === 'refresh_token') countTokenCall(world.counters, 'us', 'refresh');
    return usErrors.missingPassword();
  }
  // The endpoint checks username and password first, for both grants (HKC PR #1198).
  if (username?.toLowerCase() !== account.username.toLowerCase() || password !== account.password) {
    countTokenCall(world.counters, 'us', str(body.grant_type) === 'refresh_token' ? 'refresh' : 'password');
    return usErrors.badCredentials();
  }
  if (str(body.grant_type) === 'refresh_token') return refreshGrant(world, str(body.refresh_token), account.username);
  countTokenCall(world.counters, 'us', 'password');
  return tokenAnswer(world, account.id, world.tokens.issueRefresh('us', account.id).value, account.username);
}

export const usAuthRoutes: Route[] = [
  { method: 'POST', pattern: '/v2/ac/oauth/token', handler: loginOrRefresh },
  { method: 'POST', pattern: '/v2/ac/oauth/token/refresh', handler: ({ world, body }) => refreshGrant(world, str(body.refresh_token)) },
];
