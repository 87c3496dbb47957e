// The seam between a cloud that asks for a one-time code (Kia USA, Canada) and whoever can get one from the
// user (a library caller's `otp.provide()`, the Node-RED account dialog). The account layer builds it; the
// cloud clients only call it.
export type OtpMethod = 'email' | 'sms';

export interface OtpPrompt {
  /** How the user wants the code sent; the client asks the cloud to send it this way. */
  readonly method: OtpMethod;
  /**
   * Called by a client after it asked the cloud to send a code: resolves with the code the user gives, or
   * rejects (AUTH_FAILED) when none comes in time. `resend` lets the user ask the cloud again, by another
   * method if they like, while the prompt is open.
   */
  provide(resend: (method: OtpMethod) => Promise<void>): Promise<string>;
}
