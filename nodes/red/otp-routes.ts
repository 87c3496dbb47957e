// The one-time code routes of contract section 4 (Kia USA): `POST .../otp/send { method }` asks the
// cloud to send a code (or starts the sign-in that asks for one), `POST .../otp { code }` hands the
// typed code to the waiting sign-in and answers the TokenStatus once it is done. A "Test login" that
// meets a code request stays open (for the dialog's node id) until the code comes or 10 minutes pass.
// Never echoes the code.
import type { Request, Response } from 'express';
import type { Account, TokenStatus, VehicleInfo } from '../lib';
import { VehicleError, toVehicleError } from '../lib/errors';
import { OtpInbox } from './otp-inbox';
import type { RED } from './types';

const WRITE = 'hyundai-kia.write';
/** How long a route waits for the sign-in to finish after the code was handed over. */
const SIGN_IN_WAIT_MS = 60_000;
/** A test login waiting for its code is dropped after this long (the library's own bound is 10 min). */
const TEST_LOGIN_TTL_MS = 11 * 60_000;

interface ParkedTest {
  account: Account;
  inbox: OtpInbox;
  /** The login's outcome with the status at its end (the account is closed right after). */
  result: Promise<{ vehicles: VehicleInfo[]; token: TokenStatus }>;
}

/** Test logins waiting for a code, by the dialog's node id. */
const parked = new Map<string, ParkedTest>();

type Deployed = (req: Request, res: Response) => Account | undefined;

/** Resolves 'otp' as soon as the account waits for a code, else with the call's own outcome. */
export function untilCodeAsked<T>(account: Account, call: Promise<T>): Promise<{ otp: true } | { otp: false; value: T }> {
  return new Promise((resolve, reject) => {
    const onState = (status: TokenStatus): void => {
      if (status.state !== 'otp-required') return;
      account.off('state', onState);
      resolve({ otp: true });
    };
    account.on('state', onState);
    call.then(
      (value) => {
        account.off('state', onState);
        resolve({ otp: false, value });
      },
      (err: unknown) => {
        account.off('state', onState);
        reject(err);
      },
    );
  });
}

/** Keeps a test login open for its code; closes it when the login ends either way. */
export function parkTestLogin(id: string, account: Account, inbox: OtpInbox, vehicles: Promise<VehicleInfo[]>): void {
  const previous = parked.get(id);
  if (previous) void previous.account.close().catch(() => undefined);
  const result = vehicles.then((list) => ({ vehicles: list, token: account.tokenStatus() }));
  const test: ParkedTest = { account, inbox, result };
  parked.set(id, test);
  const timer = setTimeout(() => void account.close().catch(() => undefined), TEST_LOGIN_TTL_MS);
  timer.unref?.();
  const forget = (): void => {
    clearTimeout(timer);
    if (parked.get(id) === test) parked.delete(id);
    void account.close().catch(() => undefined);
  };
  result.then(forget, forget);
}

/** Resolves when the session is done with the sign-in (neither waiting for a code nor refreshing). */
function settled(account: Account): Promise<void> {
  const busy = (s: TokenStatus) => s.state === 'otp-required' || s.state === 'refreshing';
  if (!busy(account.tokenStatus())) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, SIGN_IN_WAIT_MS);
    function done(): void {
      clearTimeout(timer);
      account.off('state', onState);
      resolve();
    }
    function onState(status: TokenStatus): void {
      if (!busy(status)) done();
    }
    account.on('state', onState);
  });
}

export function registerOtpRoutes(red: RED, deployed: Deployed, inboxOf: (id: string) => OtpInbox | undefined): void {
  const admin = red.httpAdmin;
  const fail = (res: Response, err: VehicleError, account?: Account): void => {
    const status = err.code === 'INVALID_INPUT' || err.code === 'CONFIG_INVALID' ? 400 : err.code === 'AUTH_FAILED' ? 409 : 502;
    res.status(status).json({ error: { code: err.code, message: err.message }, ...(account && { token: account.tokenStatus() }) });
  };

  admin.post('/hyundai-kia/accounts/:id/otp/send', red.auth.needsPermission(WRITE), async (req, res) => {
    const method = (req.body as { method?: unknown } | undefined)?.method ?? 'email';
    if (method !== 'email' && method !== 'sms') {
      fail(res, new VehicleError('INVALID_INPUT', 'method must be "email" or "sms"'));
      return;
    }
    const test = parked.get(String(req.params.id));
    const account = test?.account ?? deployed(req, res);
    if (!account) return;
    try {
      res.json(await account.sendOtp(method));
    } catch (err) {
      fail(res, toVehicleError(err), account);
    }
  });

  admin.post('/hyundai-kia/accounts/:id/otp', red.auth.needsPermission(WRITE), async (req, res) => {
    const raw = (req.body as { code?: unknown } | undefined)?.code;
    const code = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
    if (!/^[0-9A-Za-z]{4,12}$/.test(code)) {
      fail(res, new VehicleError('INVALID_INPUT', 'code must be the 4 to 12 letters or digits the cloud sent'));
      return;
    }
    const id = String(req.params.id);
    const test = parked.get(id);
    const account = test?.account ?? deployed(req, res);
    if (!account) return;
    const inbox = test?.inbox ?? inboxOf(id);
    if (account.tokenStatus().state !== 'otp-required' || !inbox?.submit(code)) {
      fail(res, new VehicleError('CONFIG_INVALID', 'No one-time code is awaited for this account: press "Send code" first'), account);
      return;
    }
    if (test) {
      try {
        const { vehicles, token } = await test.result;
        res.json({ ...token, vehicles });
      } catch (err) {
        fail(res, toVehicleError(err), account);
      }
      return;
    }
    await settled(account);
    res.json(account.tokenStatus());
  });
}
