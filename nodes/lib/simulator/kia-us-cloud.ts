// The simulated Kia USA cloud's memory (written from cloud-protocol.md 3, not from the client): the
// account, the one-time codes it "sends", remember-me tokens bound to the device that verified a
// code, sessions (`sid`) with their own vehicle keys, and the switch that expires every session now.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CarKind, Clock } from './options';
import { SimCar } from './vehicles';

export interface KiaAccount {
  username: string;
  password: string;
  pin: string;
  email: string;
  phone: string;
  cars: SimCar[];
  quota: { limit: number; used: number };
}

export interface KiaSession {
  sid: string;
  deviceId: string;
  /** `otp`: opened by cmm/verifyOTP, good only for completing the sign-in; `full`: the API's. */
  stage: 'otp' | 'full';
  expired: boolean;
  /** vehicleKey → car; the keys are this session's only. */
  keys: Map<string, SimCar>;
}

export interface OtpChallenge {
  otpKey: string;
  xid: string;
  deviceId: string;
  sent: boolean;
  used: boolean;
}

/** Demo credentials: they open nothing but this simulator. */
const DEMO = { username: 'demo-kia@example.com', password: 'demo-password', pin: '1234', email: 'd***@example.com', phone: '***-***-0100' };

export class KiaUsCloud {
  readonly account: KiaAccount;
  /** The code every "sent" message carries (one per simulator, so tests and the demo can type it). */
  readonly otpCode = String(randomInt(100_000, 1_000_000));
  readonly sessions = new Map<string, KiaSession>();
  readonly challenges = new Map<string, OtpChallenge>();
  /** rmtoken → the device id it was given to; false once revoked. */
  readonly rememberTokens = new Map<string, { deviceId: string; live: boolean }>();

  constructor(cars: CarKind[], clock: Clock, quota: number) {
    this.account = { ...DEMO, cars: [], quota: { limit: quota, used: 0 } };
    cars.forEach((kind, i) => this.account.cars.push(new SimCar(kind, i, clock.now())));
  }

  challenge(deviceId: string): OtpChallenge {
    const challenge: OtpChallenge = { otpKey: randomBytes(16).toString('hex'), xid: randomUUID(), deviceId, sent: false, used: false };
    this.challenges.set(challenge.otpKey, challenge);
    return challenge;
  }

  remember(deviceId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.rememberTokens.set(token, { deviceId, live: true });
    return token;
  }

  /** True when `token` was given to this very device and still stands. */
  remembers(token: string | undefined, deviceId: string): boolean {
    const entry = token ? this.rememberTokens.get(token) : undefined;
    return Boolean(entry?.live && entry.deviceId === deviceId);
  }

  open(deviceId: string, stage: KiaSession['stage']): KiaSession {
    const session: KiaSession = { sid: randomBytes(24).toString('hex'), deviceId, stage, expired: false, keys: new Map() };
    for (const car of this.account.cars) session.keys.set(randomUUID(), car);
    this.sessions.set(session.sid, session);
    return session;
  }

  keyOf(session: KiaSession, car: SimCar): string {
    for (const [key, value] of session.keys) if (value === car) return key;
    return '';
  }

  expireSessions(): void {
    for (const session of this.sessions.values()) session.expired = true;
  }

  forgetDevices(): void {
    for (const entry of this.rememberTokens.values()) entry.live = false;
  }
}
