// What counts as a secret in an answer or a log line: the credentials both clouds handed out, the
// full VINs, and anything shaped like a token the clouds issue (a rotated refresh token is never
// known to the test, so its shape stands for it: EU refresh tokens are 48 characters A-Z0-9, EU
// access tokens JWTs).
import type { SimulatorProcess } from '../harness';

const TOKEN_SHAPES: Array<[string, RegExp]> = [
  ['an EU refresh token', /(?<![A-Za-z0-9])[A-Z0-9]{48}(?![A-Za-z0-9])/],
  ['a JWT access token', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
];

export interface Secret {
  what: string;
  value: string;
}

export async function secretsOf(sims: SimulatorProcess[], extra: Secret[] = []): Promise<Secret[]> {
  const out: Secret[] = [...extra];
  for (const [i, sim] of sims.entries()) {
    const { eu, us } = sim.credentials;
    out.push(
      { what: `cloud ${i} EU refresh token`, value: eu.refreshToken },
      { what: `cloud ${i} EU password`, value: eu.password },
      { what: `cloud ${i} EU PIN`, value: eu.pin },
      { what: `cloud ${i} US password`, value: us.password },
      { what: `cloud ${i} US PIN`, value: us.pin },
    );
    for (const car of await sim.vehicles()) out.push({ what: `cloud ${i} VIN of ${car.nickname}`, value: car.vin });
  }
  return out;
}

/** The secrets `text` shows, by name (never by value: a failing test must not print them either). */
export function leaked(text: string, secrets: Secret[]): string[] {
  const found = secrets.filter((s) => shows(text, s.value)).map((s) => s.what);
  for (const [what, shape] of TOKEN_SHAPES) if (shape.test(text)) found.push(what);
  return [...new Set(found)];
}

/** A short numeric PIN counts only standing alone: ids, ports and times may hold its digits by chance. */
function shows(text: string, secret: string): boolean {
  if (!/^\d+$/.test(secret)) return text.includes(secret);
  return new RegExp(`(?<![0-9A-Fa-f:.])${secret}(?![0-9A-Fa-f:.])`).test(text);
}
