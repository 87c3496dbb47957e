// AccountOptions.otp → the clients' OtpPrompt: the library caller's provide() gets ten minutes (about
// how long the clouds keep a code valid) before the sign-in gives up with AUTH_FAILED.
import { VehicleError } from '../errors';
import type { OtpPrompt } from '../clouds/otp';
import type { AccountOptions } from './options';

const OTP_WAIT_MS = 10 * 60_000;

export function otpPrompt(otp: AccountOptions['otp']): OtpPrompt | undefined {
  if (!otp) return undefined;
  return {
    method: otp.method ?? 'email',
    provide: () =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new VehicleError('AUTH_FAILED', 'No one-time code came within 10 minutes', { otpRequired: true })), OTP_WAIT_MS);
        timer.unref?.();
        Promise.resolve()
          .then(() => otp.provide())
          .then(resolve, (err: unknown) => reject(new VehicleError('AUTH_FAILED', `No one-time code: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200), { otpRequired: true })))
          .finally(() => clearTimeout(timer));
      }),
  };
}
