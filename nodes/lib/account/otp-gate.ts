// The account side of the one-time code (contract section 3, `AccountOptions.otp`): it adapts the
// caller's `otp.provide()` into the OtpPrompt a cloud client calls, bounds the wait to 10 minutes,
// and says while a code is awaited, so the session shows `otp-required` and other calls fail fast
// instead of queueing behind a code that may never come.
import { EventEmitter } from 'node:events';
import { VehicleError } from '../errors';
import type { OtpMethod, OtpPrompt } from '../clouds/otp';
import type { AccountOtp } from './options';

/** How long a sign-in waits for the code before it gives up (AUTH_FAILED, otpRequired). */
export const OTP_WAIT_MS = 10 * 60_000;

interface Waiting {
  resend: (method: OtpMethod) => Promise<void>;
  method: OtpMethod;
  source: AccountOtp;
  /** Ends the wait at once (the account that would give the code was closed). */
  cancel: (err: VehicleError) => void;
}

/** One per session: every Account of the session may lend a source; the first one still open answers. */
export class OtpGate extends EventEmitter {
  private readonly sources: AccountOtp[] = [];
  private waiting: Waiting | null = null;
  /** A method the user picked for the next code ("Send code" before the cloud asked). */
  private wanted: OtpMethod | null = null;

  add(source: AccountOtp): void {
    this.sources.push(source);
  }

  /** The account leaves; a code it was asked for will not come, so that wait ends now. */
  remove(source: AccountOtp): void {
    const at = this.sources.indexOf(source);
    if (at >= 0) this.sources.splice(at, 1);
    if (this.waiting?.source === source) {
      this.waiting.cancel(
        new VehicleError('AUTH_FAILED', 'The account was closed while the sign-in waited for a one-time code', { otpRequired: true }),
      );
    }
  }

  /** True while a sign-in waits for a code. */
  get pending(): boolean {
    return this.waiting !== null;
  }

  /** How the code being awaited was sent, or null. */
  get pendingMethod(): OtpMethod | null {
    return this.waiting?.method ?? null;
  }

  /** The next code should be sent this way. */
  want(method: OtpMethod): void {
    this.wanted = method;
  }

  /** Asks the cloud for another code while one is awaited; false when none is. */
  async resend(method: OtpMethod): Promise<boolean> {
    const waiting = this.waiting;
    if (!waiting) return false;
    await waiting.resend(method);
    waiting.method = method;
    this.emit('change');
    return true;
  }

  /** The prompt for a cloud client, or null when nobody can give a code. */
  prompt(): OtpPrompt | null {
    const source = this.sources[0];
    if (!source) return null;
    const method: OtpMethod = this.wanted ?? source.method ?? 'email';
    this.wanted = null;
    return { method, provide: (resend) => this.wait(source, method, resend) };
  }

  private async wait(source: AccountOtp, method: OtpMethod, resend: Waiting['resend']): Promise<string> {
    if (this.waiting) throw new VehicleError('AUTH_FAILED', 'A one-time code is already awaited for this account', { otpRequired: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancel: Waiting['cancel'] = () => undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      cancel = reject;
      timer = setTimeout(
        () =>
          reject(
            new VehicleError('AUTH_FAILED', 'No one-time code was given within 10 minutes: sign in again to get a new code', {
              otpRequired: true,
            }),
          ),
        OTP_WAIT_MS,
      );
      (timer as { unref?: () => void }).unref?.();
    });
    this.waiting = { resend, method, source, cancel };
    this.emit('change');
    try {
      const asked = Promise.resolve().then(() => source.provide());
      const code = await Promise.race([asked, timeout]).catch((err: unknown) => {
        if (err instanceof VehicleError) throw err;
        throw new VehicleError('AUTH_FAILED', 'No one-time code: otp.provide() failed', { otpRequired: true });
      });
      const text = typeof code === 'string' || typeof code === 'number' ? String(code).trim() : '';
      if (!/^[0-9A-Za-z]{4,12}$/.test(text)) {
        throw new VehicleError('AUTH_FAILED', 'The one-time code must be the 4 to 12 letters or digits the cloud sent', {
          otpRequired: true,
        });
      }
      return text;
    } finally {
      clearTimeout(timer);
      this.waiting = null;
      this.emit('change');
    }
  }
}
