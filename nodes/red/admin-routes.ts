// The admin HTTP routes of docs/contract.md §4, registered once per runtime with the package's own
// permissions. Answers are JSON and never carry a secret: TokenStatus and VehicleInfo hold none,
// errors carry only a code and the library's (secret-free) message.
import type { Request, Response } from 'express';
import { createAccount } from '../lib';
import type { Account, VehicleError } from '../lib';
import { accountOptionsFrom, endpointOf, otpMethodOf } from './account-options';
import { OtpInbox } from './otp-inbox';
import { parkTestLogin, registerOtpRoutes, untilCodeAsked } from './otp-routes';
import { toVehicleError } from '../lib/errors';
import { regionChoices } from '../lib/account/regions';
import { runtimeLogger } from './node-logger';
import { ACCOUNT_TYPE } from './types';
import type { AccountCredentials, AccountNode, RED } from './types';

const READ = 'hyundai-kia.read';
const WRITE = 'hyundai-kia.write';
/** What the editor shows in a password field that has a stored value. */
const STORED = '__PWRD__';
const SECRET_FIELDS = ['password', 'pin', 'refreshToken'] as const;

export function registerAdminRoutes(RED: RED): void {
  const admin = RED.httpAdmin;
  const deployed = (req: Request, res: Response): Account | undefined => {
    const node = RED.nodes.getNode(String(req.params.id)) as AccountNode | null;
    if (node?.type === ACCOUNT_TYPE && node.account) return node.account;
    const error = node?.type === ACCOUNT_TYPE && node.configError ? brief(node.configError) : notDeployed();
    res.status(404).json({ error });
    return undefined;
  };

  // The account dialog offers per region only the brands and sign-in modes the region table lists.
  admin.get('/hyundai-kia/regions', RED.auth.needsPermission(READ), (_req, res) => {
    res.json(regionChoices());
  });

  admin.get('/hyundai-kia/accounts/:id/vehicles', RED.auth.needsPermission(READ), async (req, res) => {
    const account = deployed(req, res);
    if (!account) return;
    try {
      res.set('Cache-Control', 'no-store').json(await account.vehicles());
    } catch (err) {
      fail(res, toVehicleError(err));
    }
  });

  admin.get('/hyundai-kia/accounts/:id/token', RED.auth.needsPermission(READ), (req, res) => {
    const account = deployed(req, res);
    if (account) res.set('Cache-Control', 'no-store').json(account.tokenStatus());
  });

  // The account dialog's protection panel: the day's budget and the last 20 session events.
  admin.get('/hyundai-kia/accounts/:id/events', RED.auth.needsPermission(READ), (req, res) => {
    const account = deployed(req, res);
    if (account) res.set('Cache-Control', 'no-store').json({ budget: account.tokenStatus().budget, events: account.recentEvents() });
  });

  admin.post('/hyundai-kia/accounts/:id/refresh', RED.auth.needsPermission(WRITE), async (req, res) => {
    const account = deployed(req, res);
    if (!account) return;
    try {
      res.json(await account.refreshToken());
    } catch (err) {
      fail(res, toVehicleError(err), account);
    }
  });

  registerOtpRoutes(RED, deployed, (id) => (RED.nodes.getNode(id) as AccountNode | null)?.otpInbox);

  // A login with the dialog's current values, for a node that is not deployed (or not yet saved).
  admin.post('/hyundai-kia/test-login', RED.auth.needsPermission(WRITE), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    let account: Account | undefined;
    try {
      const options = accountOptionsFrom(body, credentialsFrom(RED, body), RED.settings, runtimeLogger(RED, '[hyundai-kia test-login]'));
      // A session of its own, so a mistyped password is not hidden by the live session of the same user.
      const inbox = new OtpInbox(otpMethodOf(body));
      account = createAccount({ ...options, isolated: true, otp: inbox.source() });
      const vehicles = account.vehicles();
      vehicles.catch(() => undefined);
      const outcome = await untilCodeAsked(account, vehicles);
      if (outcome.otp) {
        // Kia USA asks for a one-time code: the login stays open for the dialog's code (otp routes).
        parkTestLogin(typeof body.id === 'string' ? body.id : '', account, inbox, vehicles);
        const token = account.tokenStatus();
        account = undefined;
        res.json({
          ok: false,
          otpRequired: true,
          token,
          error: { code: 'AUTH_FAILED', message: 'enter the one-time code the cloud sent' },
        });
        return;
      }
      res.json({ ok: true, vehicles: outcome.value });
    } catch (err) {
      res.json({ ok: false, error: brief(toVehicleError(err)) });
    } finally {
      await account?.close().catch(() => undefined);
    }
  });
}

/**
 * The form's credentials. A password field left at the placeholder means the stored value of the
 * deployed account `body.id`, and only when the form still points at that account's endpoint: the
 * route must never send a stored password to a URL typed into the form.
 */
function credentialsFrom(RED: RED, body: Record<string, unknown>): AccountCredentials {
  const node = typeof body.id === 'string' && body.id !== '' ? (RED.nodes.getNode(body.id) as AccountNode | null) : null;
  const sameEndpoint = node?.type === ACCOUNT_TYPE && node.endpoint === endpointOf(body);
  const stored = sameEndpoint ? (RED.nodes.getCredentials(node.id) as AccountCredentials | undefined) : undefined;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const credentials: AccountCredentials = { username: text(body.username) };
  for (const field of SECRET_FIELDS) {
    const given = text(body[field]);
    credentials[field] = given === STORED ? stored?.[field] : given;
  }
  return credentials;
}

function brief(err: VehicleError): { code: string; message: string } {
  return { code: err.code, message: err.message };
}

function notDeployed(): { code: string; message: string } {
  return { code: 'NOT_DEPLOYED', message: 'this account is not deployed yet: deploy it first, or use Test login' };
}

/** 400 for what the user can fix in the dialog, 502 for what the cloud said. Never 401: the editor would ask for a Node-RED login. */
function fail(res: Response, err: VehicleError, account?: Account): void {
  const status = err.code === 'INVALID_INPUT' || err.code === 'CONFIG_INVALID' ? 400 : 502;
  res.status(status).json({ error: brief(err), ...(account && { token: account.tokenStatus() }) });
}
