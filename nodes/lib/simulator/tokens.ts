// Token issuance and strict refresh-token rotation. Each refresh token belongs to a family (one
// login); presenting a spent one counts as reuse and, like real OAuth servers, revokes its family.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Clock, TokenLifetimes } from './options';

export type TokenKind = 'access' | 'refresh' | 'control' | 'code';
export type Region = 'eu' | 'us' | 'au' | 'nz' | 'in';

/** The regions on the CCSP stack: JWT access tokens, PIN control tokens. */
export const CCSP_REGIONS: readonly Region[] = ['eu', 'au', 'nz', 'in'];

export interface IssuedToken {
  value: string;
  kind: TokenKind;
  region: Region;
  accountId: string;
  issuedAt: number;
  /** Epoch ms; null = never expires by time. */
  expiresAt: number | null;
  status: 'live' | 'spent' | 'revoked';
  family: string;
}

export type RefreshOutcome = { ok: true; refreshToken: IssuedToken } | { ok: false; reason: 'unknown' | 'reused' | 'revoked' | 'expired' };

const CODE_TTL_SECONDS = 600;
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** An EU refresh token looks like the real ones: 48 characters A-Z0-9 (cloud-protocol.md 1.5 B). */
export function euRefreshTokenValue(): string {
  let value = '';
  for (let i = 0; i < 48; i += 1) value += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return value;
}

const base64url = (data: object) => Buffer.from(JSON.stringify(data)).toString('base64url');

/** EU access tokens are JWT-shaped (header.payload.signature), signed with a throw-away key. */
function jwtValue(subject: string, issuedAt: number, ttlSeconds: number): string {
  const header = base64url({ alg: 'HS256', typ: 'JWT' });
  const iat = Math.floor(issuedAt / 1000);
  const payload = base64url({ sub: subject, iat, exp: iat + ttlSeconds, jti: randomBytes(8).toString('hex') });
  const signature = createHmac('sha256', SIGNING_KEY).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
const SIGNING_KEY = randomBytes(32);

export class TokenBook {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: Clock,
    private readonly lifetimes: () => TokenLifetimes,
  ) {}

  /** `ttlSeconds` overrides the region's access lifetime (the EU CCS token lives longer). */
  issueAccess(region: Region, accountId: string, ttlSeconds?: number): IssuedToken {
    const ttl = ttlSeconds ?? this.accessLifetime(region);
    const value = CCSP_REGIONS.includes(region) ? jwtValue(accountId, this.clock.now(), ttl) : randomBytes(24).toString('base64url');
    return this.add(value, 'access', region, accountId, ttl, '');
  }

  /** A new refresh token; `family` continues a rotation chain, otherwise a new login starts one. */
  issueRefresh(region: Region, accountId: string, family = randomBytes(8).toString('hex')): IssuedToken {
    const ttl = region === 'us' ? this.lifetimes().usRefresh : this.lifetimes().euRefresh;
    // AU/NZ refresh tokens are opaque, not JWTs (more-regions.md 2.3); the EU shape serves.
    const value = region === 'us' ? randomBytes(32).toString('base64url') : euRefreshTokenValue();
    return this.add(value, 'refresh', region, accountId, ttl, family);
  }

  issueControl(accountId: string, region: Region = 'eu'): IssuedToken {
    return this.add(randomBytes(24).toString('base64url'), 'control', region, accountId, this.lifetimes().euControl, '');
  }

  /** EU 1 h; AU/NZ 6 h (live-verified on Kia NZ); India unrecorded, 24 h; US 30 min (seconds). */
  accessLifetime(region: Region): number {
    const l = this.lifetimes();
    return { eu: l.euAccess, us: l.usAccess, au: l.auAccess, nz: l.auAccess, in: l.inAccess }[region];
  }

  issueCode(region: Region, accountId: string): IssuedToken {
    return this.add(randomBytes(18).toString('base64url'), 'code', region, accountId, CODE_TTL_SECONDS, '');
  }

  find(value: string | undefined): IssuedToken | undefined {
    return value ? this.tokens.get(value) : undefined;
  }

  isExpired(token: IssuedToken): boolean {
    return token.expiresAt !== null && this.clock.now() >= token.expiresAt;
  }

  /** A one-time authorization code: valid once, then gone. */
  useCode(value: string | undefined, region: Region): IssuedToken | undefined {
    const code = this.find(value);
    if (!code || code.kind !== 'code' || code.region !== region || code.status !== 'live' || this.isExpired(code)) return undefined;
    code.status = 'spent';
    return code;
  }

  /** The refresh grant: checks the token and, when rotating, spends it and issues its successor. */
  useRefresh(value: string | undefined, region: Region, rotate: boolean): RefreshOutcome {
    const token = this.find(value);
    if (!token || token.kind !== 'refresh' || token.region !== region) return { ok: false, reason: 'unknown' };
    if (token.status === 'revoked') return { ok: false, reason: 'revoked' };
    if (token.status === 'spent') {
      this.revokeFamily(token.family);
      return { ok: false, reason: 'reused' };
    }
    if (this.isExpired(token)) return { ok: false, reason: 'expired' };
    if (!rotate) return { ok: true, refreshToken: token };
    token.status = 'spent';
    return { ok: true, refreshToken: this.issueRefresh(region, token.accountId, token.family) };
  }

  /** Fault: every access and control token issued so far is expired from now on. */
  expireAccess(): void {
    const now = this.clock.now();
    for (const token of this.tokens.values()) {
      if (token.kind === 'access' || token.kind === 'control') token.expiresAt = Math.min(token.expiresAt ?? now, now);
    }
  }

  /** Fault: every live refresh token is revoked (the user changed the password, the server forgot it). */
  revokeRefresh(): void {
    for (const token of this.tokens.values()) if (token.kind === 'refresh' && token.status === 'live') token.status = 'revoked';
  }

  private revokeFamily(family: string): void {
    for (const token of this.tokens.values()) if (token.family === family && token.status === 'live') token.status = 'revoked';
  }

  private add(value: string, kind: TokenKind, region: Region, accountId: string, ttlSeconds: number, family: string): IssuedToken {
    const issuedAt = this.clock.now();
    const token: IssuedToken = {
      value,
      kind,
      region,
      accountId,
      issuedAt,
      expiresAt: ttlSeconds > 0 ? issuedAt + ttlSeconds * 1000 : null,
      status: 'live',
      family,
    };
    this.tokens.set(value, token);
    return token;
  }
}
