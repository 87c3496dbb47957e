// Optional `X-RateLimit-Limit/Remaining/Reset` on the EU vehicle routes, as one client library records
// them (research: cloud-protocol.md 1.12; whether the real gateway sends them is not known). Reset is
// in epoch seconds: the next UTC midnight, when the simulated quota starts again.
import type { Reply } from './http-types';
import type { World } from './world';

const DAY_MS = 86_400_000;

export function withRateHeaders(world: World, path: string, reply: Reply): Reply {
  if (!world.options.rateLimitHeaders || !/^\/api\/v\d\/spa\/vehicles/.test(path)) return reply;
  world.quotaExhausted(world.accounts.eu); // rolls the day over first
  const quota = world.accounts.eu.quota;
  const reset = Math.floor(((quota.day + 1) * DAY_MS) / 1000);
  return {
    ...reply,
    headers: {
      ...reply.headers,
      'x-ratelimit-limit': String(quota.limit),
      'x-ratelimit-remaining': String(Math.max(0, quota.limit - quota.used)),
      'x-ratelimit-reset': String(reset),
    },
  };
}
