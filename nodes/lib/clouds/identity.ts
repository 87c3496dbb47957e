// A stable, non-secret name for a cloud identity: the session registry and the token store key on it.
import { createHash } from 'node:crypto';

/** A short one-way fingerprint of a secret, safe to store and compare. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

/** region + brand + host + user; the username is hashed so the name can be logged and stored. */
export function cloudIdentity(parts: { region: string; brand: string; base: string; user: string }): string {
  return `${parts.region}:${parts.brand}:${fingerprint(`${parts.base}\n${parts.user.toLowerCase()}`)}`;
}
