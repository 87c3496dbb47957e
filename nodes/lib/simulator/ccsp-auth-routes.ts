// Sign-in on the AU, NZ and India gateways (more-regions.md 2.2, 2.3, 3.2, 5): the same paths as
// the EU classic ccapi login, told apart by the tenant (see ccsp-tenants.ts). What differs:
// - authorize needs a known client_id and opens a sign-in session (cookie) for that tenant;
// - the token endpoint needs the tenant's Basic client credentials AND a valid Stamp, for the code
//   exchange and the refresh grant alike (AU/NZ refuse a refresh without Stamp);
// - the refresh grant takes only the raw refresh token (a "Bearer …" prefix or an access token is
//   400 / 4002 "Invalid parameters") and does not rotate it: the same one works again;
// - device registration needs a Stamp too.
// Requests of the EU tenant go on to the EU handlers unchanged.
import { basicClient, marketOf, tenantByServiceId, type VariantMarket } from './ccsp-tenants';
import { countTokenCall } from './counters';
import { euErrors, userApiError } from './eu-envelopes';
import { header, json, Reply, Route, RouteContext, text as str } from './http-types';
import { stampAppId } from './stamp';
import type { World } from './world';

const invalidParameters = () => userApiError(400, '4002', 'Invalid parameters');

function stampFor(ctx: RouteContext, appId: string): boolean {
  const stamp = header(ctx, 'stamp');
  return stamp !== undefined && stampAppId(stamp) === appId;
}

function signIn(ctx: RouteContext, market: VariantMarket): Reply {
  const { world, body, baseUrl } = ctx;
  countTokenCall(world.counters, market, 'password');
  const account = world.accounts[market];
  const email = str(body.email) ?? str(body.username);
  if (email?.toLowerCase() !== account.username.toLowerCase() || str(body.password) !== account.password) {
    return userApiError(400, '4003', 'Invalid values', { userId: '', remainCount: 4, remainTime: 300 });
  }
  if (world.passwordExpired.has(market)) {
    // AU: the password is older than ~6 months; India answers the step to take (more-regions.md 2.2, 3.2).
    return json(200, market === 'in' ? { step: 5, upgrade: false } : {});
  }
  const code = world.tokens.issueCode(market, account.id);
  const redirect = new URL(`${baseUrl}/api/v1/user/oauth2/redirect`);
  redirect.searchParams.set('code', code.value);
  redirect.searchParams.set('state', 'ccsp');
  return json(200, { redirectUrl: redirect.toString() });
}

function tokenAnswer(world: World, market: VariantMarket, accountId: string, refreshValue: string): Reply {
  const access = world.tokens.issueAccess(market, accountId);
  return json(200, {
    access_token: access.value,
    token_type: 'Bearer',
    refresh_token: refreshValue,
    expires_in: world.tokens.accessLifetime(market),
  });
}

function token(ctx: RouteContext): Reply {
  const { world, body } = ctx;
  const client = basicClient(ctx);
  if (!client.tenant || !client.secretOk) return userApiError(401, '4001', 'Invalid client');
  const { market, appId } = client.tenant;
  if (!stampFor(ctx, appId)) return invalidParameters();
  const grant = str(body.grant_type);
  if (grant === 'authorization_code') {
    countTokenCall(world.counters, market, 'code');
    const code = world.tokens.useCode(str(body.code), market);
    if (!code) return invalidParameters();
    return tokenAnswer(world, market, code.accountId, world.tokens.issueRefresh(market, code.accountId).value);
  }
  if (grant === 'refresh_token') {
    countTokenCall(world.counters, market, 'refresh');
    const outcome = world.tokens.useRefresh(str(body.refresh_token), market, false);
    if (!outcome.ok) {
      world.counters.refreshRejections += 1;
      return invalidParameters();
    }
    return tokenAnswer(world, market, outcome.refreshToken.accountId, outcome.refreshToken.value);
  }
  return invalidParameters();
}

type Handler = Route['handler'];

/** Per path: what the AU/NZ/India tenants answer instead of the EU handler. */
const VARIANT_HANDLERS: Record<string, (ctx: RouteContext, market: VariantMarket, eu: Handler) => Reply | Promise<Reply>> = {
  'GET /api/v1/user/oauth2/authorize': (ctx) => {
    const tenant = tenantByServiceId(ctx.query.get('client_id') ?? undefined);
    if (!tenant || !ctx.query.get('redirect_uri')) return { status: 400, body: '<html><body>invalid request</body></html>' };
    return {
      status: 200,
      body: '<html><body><form method="post" action="/api/v1/user/signin">Sign in</form></body></html>',
      headers: { 'set-cookie': `ccsp-client=${tenant.serviceId}; Path=/; HttpOnly` },
    };
  },
  'POST /api/v1/user/signin': (ctx, market) => signIn(ctx, market),
  'POST /api/v1/user/oauth2/token': (ctx) => token(ctx),
  'POST /api/v1/spa/notifications/register': (ctx, _market, eu) => {
    const tenant = tenantByServiceId(header(ctx, 'ccsp-service-id'));
    if (tenant && !stampFor(ctx, tenant.appId)) return euErrors.appId();
    return eu(ctx);
  },
};

/** The EU auth routes, each answering for the AU/NZ/India tenants too where they differ. */
export function withVariants(routes: Route[]): Route[] {
  return routes.map((route) => {
    const variant = VARIANT_HANDLERS[`${route.method} ${route.pattern}`];
    if (!variant) return route;
    return {
      ...route,
      handler: (ctx: RouteContext) => {
        const market = marketOf(ctx);
        return market === 'eu' ? route.handler(ctx) : variant(ctx, market, route.handler);
      },
    };
  });
}
