// hyundai-kia-account: the config node. It turns its properties and credentials into one Account
// (the library shares the session with every other account of the same cloud identity), lends it
// to the action nodes, and closes it on re-deploy within Node-RED's 15 s.
import { EDITOR_RANGES, createAccount } from './lib';
import { toVehicleError } from './lib/errors';
import { accountOptionsFrom, endpointOf, otpMethodOf } from './red/account-options';
import { OtpInbox } from './red/otp-inbox';
import { registerAdminRoutes } from './red/admin-routes';
import { closeWithin } from './red/close-within';
import { nodeLogger } from './red/node-logger';
import { ACCOUNT_TYPE } from './red/types';
import type { AccountCredentials, AccountNode, AccountNodeDef, RED } from './red/types';

export = function (RED: RED): void {
  function HyundaiKiaAccount(this: AccountNode, config: AccountNodeDef): void {
    RED.nodes.createNode(this, config);
    this.endpoint = endpointOf(config);
    try {
      const options = accountOptionsFrom(config, this.credentials, RED.settings, nodeLogger(this));
      // A one-time code (Kia USA) comes from the account dialog: the admin route hands it to this inbox.
      this.otpInbox = new OtpInbox(otpMethodOf(config));
      this.account = createAccount({ ...options, otp: this.otpInbox.source() });
      // Every action node using this account follows its 'state' (StatusBadge); there may be dozens.
      this.account.setMaxListeners(0);
    } catch (err) {
      this.configError = toVehicleError(err);
      this.warn(RED._('hyundai-kia-account.errors.unusable', { message: this.configError.message }));
    }
    this.on('close', (_removed: boolean, done: () => void) => {
      const account = this.account;
      this.account = undefined;
      void closeWithin(account, () => this.warn(RED._('hyundai-kia-account.errors.closeSlow'))).then(() => done());
    });
  }

  RED.nodes.registerType<AccountNode, AccountNodeDef, Record<string, unknown>, AccountCredentials>(ACCOUNT_TYPE, HyundaiKiaAccount, {
    // The library's ranges, for every dialog's validators (RED.settings.hyundaiKiaAccountRanges).
    settings: { hyundaiKiaAccountRanges: { value: EDITOR_RANGES, exportable: true } },
    credentials: {
      username: { type: 'text' },
      password: { type: 'password' },
      pin: { type: 'password' },
      refreshToken: { type: 'password' },
    },
  });
  registerAdminRoutes(RED);
};
