// The settings.js of the Node-RED under test: loopback only, a credentialSecret unless `false` (so
// that credentials and the package's token store are encrypted with it), http-in nodes under `httpNodeRoot`, the log
// at debug level (so that the secret checks also see the package's debug lines), and optionally
// Node-RED's own adminAuth with bcrypt-hashed users.
import * as fs from 'node:fs';
import { fromNodeRed } from '../../support/node-red-dir';

// Node-RED ships bcryptjs for adminAuth; the hash is what a user would paste from `node-red admin hash-pw`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require(fromNodeRed('bcryptjs')) as { hashSync(password: string, rounds: number): string };

export interface AdminUser {
  username: string;
  password: string;
  /** Node-RED permissions: `*` (everything) or `read`. */
  permissions: '*' | 'read';
}

export interface SettingsOptions {
  port: number;
  userDir: string;
  credentialSecret: string | false;
  httpNodeRoot: string;
  /** When given, the editor and admin API need a login (adminAuth type `credentials`). */
  adminUsers?: AdminUser[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

export function writeSettings(file: string, options: SettingsOptions): void {
  const settings: Record<string, unknown> = {
    uiHost: '127.0.0.1',
    uiPort: options.port,
    userDir: options.userDir,
    flowFile: 'flows.json',
    httpNodeRoot: options.httpNodeRoot,
    logging: { console: { level: options.logLevel, metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    // No calls home from a test run (the machine may have no internet).
    diagnostics: { enabled: false },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
  };
  if (options.credentialSecret !== false) settings.credentialSecret = options.credentialSecret;
  if (options.adminUsers) {
    settings.adminAuth = {
      type: 'credentials',
      users: options.adminUsers.map((user) => ({
        username: user.username,
        password: bcrypt.hashSync(user.password, 8),
        permissions: user.permissions,
      })),
    };
  }
  fs.writeFileSync(file, `module.exports = ${JSON.stringify(settings, null, 2)};\n`, { mode: 0o600 });
}
