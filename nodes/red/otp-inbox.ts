// Where a deployed account (or a running "Test login") waits for the one-time code the user types
// into the account dialog: the library's `otp.provide()` returns `next()`, the admin route calls
// `submit()`. The 10-minute bound is the library's (OtpGate); a newer wait replaces an older one.
import type { AccountOtp } from '../lib';

export class OtpInbox {
  private waiter: { resolve: (code: string) => void } | null = null;

  constructor(readonly method: 'email' | 'sms') {}

  /** The `AccountOptions.otp` for this inbox. */
  source(): AccountOtp {
    return { method: this.method, provide: () => this.next() };
  }

  next(): Promise<string> {
    return new Promise<string>((resolve) => {
      this.waiter = { resolve };
    });
  }

  /** Hands the code to the waiting sign-in; false when none waits. */
  submit(code: string): boolean {
    const waiter = this.waiter;
    if (!waiter) return false;
    this.waiter = null;
    waiter.resolve(code);
    return true;
  }
}
