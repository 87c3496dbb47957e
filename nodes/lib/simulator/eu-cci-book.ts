// The OneApp / CCI side of the EU identity (cloud-protocol.md 1.5 D and its corrections): the
// sign-in sessions that `authorize` opens (a cookie), one-use codes for the OneApp client ids, and
// CCI token sets with strict rotation (a spent CCI refresh token is reuse and kills its chain).
import { randomBytes } from 'node:crypto';
import type { Clock, TokenLifetimes } from './options';

/** The OneApp registrations per brand: client id, its redirect, and the app's package id. */
export const ONE_APPS = [
  {
    brand: 'kia',
    clientId: '01b36c86-79e8-486c-8009-15f2ad88d670',
    redirect: 'https://oneapp.kia.com/redirect',
    packageId: 'com.kia.oneapp.eu',
  },
  {
    brand: 'hyundai',
    clientId: '4f4953b5-02e1-4dbc-8599-87e983ee1be5',
    redirect: 'https://oneapp.hyundai.com/redirect',
    packageId: 'com.hyundai.oneapp.eu',
  },
  {
    brand: 'genesis',
    clientId: '50e3b8b0-ced5-43b7-8a42-f86ac92fe50e',
    redirect: 'https://oneapp.genesis.com/redirect',
    packageId: 'com.genesis.oneapp.eu',
  },
] as const;

export const oneAppByClientId = (clientId: string | undefined) => ONE_APPS.find((app) => app.clientId === clientId);
export const oneAppByPackage = (packageId: string | undefined) => ONE_APPS.find((app) => app.packageId === packageId);

/** What a CCI token answer carries; the client must send the whole set back to refresh it. */
export interface CciSet {
  accessToken: string;
  refreshToken: string;
  exchangeableAccessToken: string;
  exchangeableRefreshToken: string;
  nonCcsToken: string;
  nonCcsRefreshToken: string;
  idToken: string;
  accountId: string;
  family: string;
  accessExpiresAt: number;
  refreshExpiresAt: number | null;
  status: 'live' | 'spent' | 'revoked';
}

export type CciRefreshOutcome = { ok: true; set: CciSet } | { ok: false; reason: 'unknown' | 'reused' | 'revoked' | 'expired' };

interface SignInSession {
  clientId: string;
  redirectUri: string;
  expiresAt: number;
}

interface OneUseCode {
  accountId: string;
  clientId: string;
  expiresAt: number;
  used: boolean;
}

const SESSION_TTL_MS = 30 * 60_000;
const CODE_TTL_MS = 10 * 60_000;

const opaque = (bytes: number) => randomBytes(bytes).toString('base64url');

/** JWT-shaped, like the real CCI tokens (header.payload.signature; nothing here verifies them). */
function jwtLike(subject: string, now: number, ttlSeconds: number): string {
  const part = (data: object) => Buffer.from(JSON.stringify(data)).toString('base64url');
  const iat = Math.floor(now / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: subject, iat, exp: iat + ttlSeconds, jti: opaque(8) })}.${opaque(32)}`;
}

export class CciBook {
  private readonly sessions = new Map<string, SignInSession>();
  private readonly codes = new Map<string, OneUseCode>();
  private readonly byRefresh = new Map<string, CciSet>();
  private readonly byAccess = new Map<string, CciSet>();

  constructor(
    private readonly clock: Clock,
    private readonly lifetimes: () => TokenLifetimes,
  ) {}

  /** `authorize`: a sign-in session, remembered under the cookie value it returns. */
  openSession(clientId: string, redirectUri: string): string {
    const id = opaque(24);
    this.sessions.set(id, { clientId, redirectUri, expiresAt: this.clock.now() + SESSION_TTL_MS });
    return id;
  }

  session(id: string | undefined): SignInSession | undefined {
    const found = id ? this.sessions.get(id) : undefined;
    return found && found.expiresAt > this.clock.now() ? found : undefined;
  }

  issueCode(accountId: string, clientId: string): string {
    const code = opaque(32);
    this.codes.set(code, { accountId, clientId, expiresAt: this.clock.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** A code opens one CCI token set, once, within ten minutes. */
  useCode(code: string | undefined): OneUseCode | undefined {
    const found = code ? this.codes.get(code) : undefined;
    if (!found || found.used || found.expiresAt <= this.clock.now()) return undefined;
    found.used = true;
    return found;
  }

  issueSet(accountId: string, family = opaque(8)): CciSet {
    const now = this.clock.now();
    const { euCciAccess, euCciRefresh } = this.lifetimes();
    const set: CciSet = {
      accessToken: jwtLike(accountId, now, euCciAccess),
      // The real CCI refresh token is 87 characters long.
      refreshToken: opaque(66).slice(0, 87),
      exchangeableAccessToken: jwtLike(`${accountId}:x`, now, euCciAccess),
      exchangeableRefreshToken: opaque(48),
      nonCcsToken: jwtLike(`${accountId}:n`, now, euCciAccess),
      nonCcsRefreshToken: opaque(48),
      idToken: jwtLike(`${accountId}:id`, now, euCciAccess),
      accountId,
      family,
      accessExpiresAt: now + euCciAccess * 1000,
      refreshExpiresAt: euCciRefresh > 0 ? now + euCciRefresh * 1000 : null,
      status: 'live',
    };
    this.byRefresh.set(set.refreshToken, set);
    this.byAccess.set(set.accessToken, set);
    return set;
  }

  /** A live set whose CCI access token is this one and has not expired. */
  liveByAccess(accessToken: string | undefined): CciSet | undefined {
    const set = accessToken ? this.byAccess.get(accessToken) : undefined;
    return set && set.status !== 'revoked' && set.accessExpiresAt > this.clock.now() ? set : undefined;
  }

  /** Strict rotation: the presented refresh token is spent and a new set of the same chain issued. */
  refresh(refreshToken: string | undefined): CciRefreshOutcome {
    const set = refreshToken ? this.byRefresh.get(refreshToken) : undefined;
    if (!set) return { ok: false, reason: 'unknown' };
    if (set.status === 'revoked') return { ok: false, reason: 'revoked' };
    if (set.status === 'spent') {
      this.revokeFamily(set.family);
      return { ok: false, reason: 'reused' };
    }
    if (set.refreshExpiresAt !== null && set.refreshExpiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    set.status = 'spent';
    return { ok: true, set: this.issueSet(set.accountId, set.family) };
  }

  /** Fault: every CCI access token issued so far is expired. */
  expireAccess(): void {
    const now = this.clock.now();
    for (const set of this.byRefresh.values()) set.accessExpiresAt = Math.min(set.accessExpiresAt, now);
  }

  /** Fault: every live CCI refresh token is revoked. */
  revokeRefresh(): void {
    for (const set of this.byRefresh.values()) if (set.status === 'live') set.status = 'revoked';
  }

  private revokeFamily(family: string): void {
    for (const set of this.byRefresh.values()) if (set.family === family) set.status = 'revoked';
  }
}
