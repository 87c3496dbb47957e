// The checks in front of every EU SPA route: stamp, device id, token (access or PIN control token,
// in `Authorization` or `AuthorizationCCSP`, with or without `Bearer`), daily quota.
import { euErrors, gatewayExpired, gatewayUnknownToken } from './eu-envelopes';
import { euExpiredMessage } from './faults';
import { header, Reply, RouteContext } from './http-types';
import { checkStamp } from './stamp';
import { marketOf } from './ccsp-tenants';
import { CCSP_REGIONS, type IssuedToken } from './tokens';
import type { SimAccount } from './world';

export interface EuCaller {
  account: SimAccount;
  /** Which token the caller showed: a control token also opens everything an access token opens. */
  tokenKind: 'access' | 'control';
  deviceId?: string;
}

export interface GuardOptions {
  /** `control`: only the PIN control token will do. Default: access or control. */
  need?: 'control';
  /** Refuse with 509 / 5091 once the account's daily quota is used up (vehicle routes). */
  quota?: boolean;
}

export function bearer(value: string | undefined): string | undefined {
  return value?.replace(/^Bearer\s+/i, '').trim() || undefined;
}

export function euGuard(ctx: RouteContext, options: GuardOptions = {}): EuCaller | Reply {
  const { world } = ctx;
  const stampProblem = checkStamp(ctx);
  if (stampProblem) return stampProblem;

  const deviceId = header(ctx, 'ccsp-device-id');
  if (deviceId !== undefined && world.devices.get(deviceId) !== true) {
    world.counters.deviceIdRejections += 1;
    return euErrors.invalidDevice();
  }

  // A token belongs to the gateway that issued it: an AU token means nothing to the EU or NZ tenant.
  const market = marketOf(ctx);
  if (market === 'in' && world.options.indiaRefusesSpaStamp && header(ctx, 'stamp') !== undefined) return euErrors.appId();
  const shown = [header(ctx, 'authorization'), header(ctx, 'authorizationccsp')]
    .map((value) => world.tokens.find(bearer(value)))
    .filter(
      (token): token is IssuedToken =>
        token !== undefined &&
        CCSP_REGIONS.includes(token.region) &&
        token.status === 'live' &&
        (market === 'eu' || token.region === market),
    );
  const valid = shown.filter((token) => !world.tokens.isExpired(token));
  const token = valid.find((t) => t.kind === 'control') ?? valid.find((t) => t.kind === 'access');
  if (!token) {
    if (shown.some((t) => t.kind === 'access' || t.kind === 'control')) {
      world.counters.expiredRejections += 1;
      return gatewayExpired(euExpiredMessage(world.faults));
    }
    return gatewayUnknownToken();
  }
  if (options.need === 'control' && token.kind !== 'control') return euErrors.controlTokenRequired();

  const account = world.accounts[token.region];
  if (options.quota && world.quotaExhausted(account)) {
    world.counters.quotaRejections += 1;
    return euErrors.quota();
  }
  return { account, tokenKind: token.kind as 'access' | 'control', deviceId };
}
