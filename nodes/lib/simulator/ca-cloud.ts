// What the simulated Canadian cloud knows (more-regions.md 5, "Canada"): one account with password and
// PIN, the devices it trusts (and until when), the one-time codes it sent, 24 h access tokens bound to
// the client's IP, short-lived pAuth values from the PIN check, and the transactions of commands.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { ActionRecord, SimCar } from './vehicles';
import type { World } from './world';

export type ResponseCodeForm = 'int' | 'string' | 'bool';

export interface CaCounters {
  /** `v2/login` calls, and how many of them were answered with a token. */
  logins: number;
  tokensIssued: number;
  /** Logins answered 7110 (device not trusted). */
  otpRequired: number;
  codesSent: number;
  codesAccepted: number;
  codesRejected: number;
  pinChecks: number;
  pinRejections: number;
  /** Calls answered 7403 / 7606. */
  expiredRejections: number;
  ipRejections: number;
}

interface AccessToken {
  expiresAt: number;
  /** The client "IP" the token is bound to: an IP change (control) makes older tokens answer 7606. */
  ipEpoch: number;
}

const DAY_MS = 86_400_000;
/** Demo credentials; they open nothing but this simulator. */
const DEMO = { username: 'demo-ca@example.com', password: 'demo-password', pin: '1234' };

export class CaCloud {
  readonly account = { ...DEMO, userInfoUuid: randomUUID(), phone: '+1 555 0100' };
  /** The code every "sent" message carries, so tests and the CLI can hand it over. */
  readonly otpCode = String(randomInt(100000, 1000000));
  readonly trustedDevices = new Map<string, number>();
  readonly settings = { trustDays: 90, otpSeconds: 600, pAuthSeconds: 600 };
  responseCodeForm: ResponseCodeForm = 'int';
  /** Genesis answers a right code with a bare 7549 (HKC #1169), when switched on. */
  genesisRefusesCodes = false;
  counters: CaCounters = emptyCaCounters();
  private ipEpoch = 0;
  private readonly tokens = new Map<string, AccessToken>();
  /** otpKey → when the code expires; validation key → when it expires. */
  private readonly sentCodes = new Map<string, number>();
  private readonly validations = new Map<string, number>();
  private readonly pAuths = new Map<string, { vehicleId: string; expiresAt: number }>();
  readonly transactions = new Map<string, { car: SimCar; record: ActionRecord }>();

  constructor(private readonly world: World) {}

  get cars(): SimCar[] {
    return this.world.caCars;
  }

  now(): number {
    return this.world.clock.now();
  }

  isTrusted(deviceId: string | undefined): boolean {
    const until = deviceId ? this.trustedDevices.get(deviceId) : undefined;
    return until !== undefined && this.now() < until;
  }

  trust(deviceId: string): void {
    this.trustedDevices.set(deviceId, this.now() + this.settings.trustDays * DAY_MS);
  }

  issueToken(): { value: string; lifetime: number } {
    const lifetime = this.world.options.tokenLifetimes.caAccess;
    // A 2024 sample starts `eyJlbmMiOi`: a JWE-style header (kia_uvo #914).
    const value = `eyJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiZGlyIn0.${randomBytes(96).toString('base64url')}`;
    this.tokens.set(value, { expiresAt: this.now() + lifetime * 1000, ipEpoch: this.ipEpoch });
    this.counters.tokensIssued += 1;
    return { value, lifetime };
  }

  /** null when the token is good, else the error code the cloud answers. */
  checkToken(value: string | undefined): '7403' | '7606' | null {
    const token = value ? this.tokens.get(value) : undefined;
    if (!token || this.now() >= token.expiresAt) {
      this.counters.expiredRejections += 1;
      return '7403';
    }
    if (token.ipEpoch !== this.ipEpoch) {
      this.counters.ipRejections += 1;
      return '7606';
    }
    return null;
  }

  sendCode(): string {
    const otpKey = randomBytes(24).toString('base64');
    this.sentCodes.set(otpKey, this.now() + this.settings.otpSeconds * 1000);
    this.counters.codesSent += 1;
    return otpKey;
  }

  /**
   * A validation key for a right, fresh code, else null (7999). Whether the real cloud also ties the
   * code to the Deviceid that asked for it is not known, so it is not checked (one port of the
   * reference library sends another Deviceid on sendotp); the trust goes to genmfatkn's Deviceid.
   */
  validateCode(otpKey: string | undefined, code: unknown): string | null {
    const expiresAt = otpKey ? this.sentCodes.get(otpKey) : undefined;
    if (expiresAt === undefined || this.now() >= expiresAt || String(code) !== this.otpCode) {
      this.counters.codesRejected += 1;
      return null;
    }
    this.sentCodes.delete(otpKey as string);
    this.counters.codesAccepted += 1;
    const key = randomBytes(225).toString('base64'); // about 300 characters, like the real one
    this.validations.set(key, this.now() + this.settings.otpSeconds * 1000);
    return key;
  }

  useValidation(key: string | undefined): boolean {
    const expiresAt = key ? this.validations.get(key) : undefined;
    if (expiresAt === undefined || this.now() >= expiresAt) return false;
    this.validations.delete(key as string);
    return true;
  }

  issuePAuth(vehicleId: string): string {
    let value = '';
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < 32; i += 1) value += letters[randomInt(letters.length)];
    this.pAuths.set(value, { vehicleId, expiresAt: this.now() + this.settings.pAuthSeconds * 1000 });
    return value;
  }

  pAuthValid(value: string | undefined, vehicleId: string): boolean {
    const entry = value ? this.pAuths.get(value) : undefined;
    return entry !== undefined && entry.vehicleId === vehicleId && this.now() < entry.expiresAt;
  }

  expireAccess(): void {
    const now = this.now();
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
    for (const entry of this.pAuths.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  changeIp(): void {
    this.ipEpoch += 1;
  }
}

export function emptyCaCounters(): CaCounters {
  return {
    logins: 0,
    tokensIssued: 0,
    otpRequired: 0,
    codesSent: 0,
    codesAccepted: 0,
    codesRejected: 0,
    pinChecks: 0,
    pinRejections: 0,
    expiredRejections: 0,
    ipRejections: 0,
  };
}

const clouds = new WeakMap<World, CaCloud>();

/** The Canadian cloud of a world, made on first use. */
export function caCloud(world: World): CaCloud {
  let cloud = clouds.get(world);
  if (!cloud) {
    cloud = new CaCloud(world);
    clouds.set(world, cloud);
  }
  return cloud;
}
