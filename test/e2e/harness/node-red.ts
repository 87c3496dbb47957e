// A real Node-RED as a child process, with this package installed in its user folder the way
// scripts/start.js does it (a link to the repo root, so it runs the built dist/). Start, deploy over
// the admin API, restart with the same user folder, stop; its stdout and stderr are the log.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NODE_RED_DIR } from '../../support/node-red-dir';
import { ChildLog } from './child-log';
import { freePort } from './free-port';
import { request } from './http';
import type { Answer, RequestOptions } from './http';
import { writeSettings } from './settings';
import type { AdminUser, SettingsOptions } from './settings';
import { killOnExit, stopChild } from './stop-child';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = 'node-red-contrib-hyundai-kia';

export interface NodeRedOptions {
  adminUsers?: AdminUser[];
  /** Default: a fixed test secret. `false`: none set, so Node-RED generates its own key (as on a fresh install). */
  credentialSecret?: string | false;
  httpNodeRoot?: string;
  logLevel?: SettingsOptions['logLevel'];
  /** How long a start may take until "Started flows"; default 30 s. */
  startTimeoutMs?: number;
  /**
   * A user folder the caller has prepared, with the package already installed in its node_modules
   * (e.g. from the packed tarball); default: a new temporary folder with the repo linked in.
   */
  userDir?: string;
}

/** A flow node as the admin API takes it; `credentials` travel inside the node. */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  wires?: string[][];
  credentials?: Record<string, string>;
  [property: string]: unknown;
}

/** How the last stop went: the exit code and how long Node-RED took to close its nodes. */
export interface StopOutcome {
  code: number | null;
  ms: number;
}

export class NodeRed {
  readonly log = new ChildLog();
  lastStop: StopOutcome | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<never> | undefined;
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly port: number,
    readonly userDir: string,
    private readonly options: Required<Omit<NodeRedOptions, 'adminUsers' | 'userDir'>> & Pick<NodeRedOptions, 'adminUsers'>,
  ) {}

  /** Makes a user folder in the temp directory, links the package into it and starts Node-RED. */
  static async start(options: NodeRedOptions = {}): Promise<NodeRed> {
    const { userDir: prepared, ...rest } = options;
    const userDir = prepared ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-e2e-'));
    const red = new NodeRed(await freePort(), userDir, {
      credentialSecret: 'e2e credential secret, not a real one',
      httpNodeRoot: '/api',
      logLevel: 'debug',
      startTimeoutMs: 30_000,
      ...rest,
    });
    if (!prepared) red.install();
    red.writeSettings();
    await red.launch();
    return red;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Deploys `flows` (type `full`): every node restarts. Resolves when the flows have started. */
  async deploy(flows: FlowNode[]): Promise<void> {
    const mark = this.log.mark();
    const answer = await this.admin('POST', '/flows', {
      body: flows,
      headers: { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v1' },
    });
    if (answer.status !== 204 && answer.status !== 200) throw new Error(`deploy failed: ${answer.status} ${answer.text}`);
    await this.log.waitFor(/Started flows/, mark, this.options.startTimeoutMs, this.exited);
  }

  /** A call to the admin API, logged in as the first admin user unless `token` (or `anonymous`) says otherwise. */
  async admin(method: string, route: string, options: RequestOptions & { anonymous?: boolean } = {}): Promise<Answer> {
    const token = options.anonymous ? undefined : (options.token ?? (await this.defaultToken()));
    return request(method, `${this.url}${route}`, { ...options, token });
  }

  /** A call to an http-in node (under httpNodeRoot). */
  http(method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
    return request(method, `${this.url}${this.options.httpNodeRoot}${route}`, { body, headers });
  }

  /** Logs in through Node-RED's own OAuth endpoint (adminAuth) and returns the bearer token; `scope` must not exceed the user's permissions. */
  async login(username: string, password: string, scope = '*'): Promise<string> {
    const body = new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope, username, password });
    const answer = await request('POST', `${this.url}/auth/token`, {
      body: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (answer.status !== 200 || typeof answer.body?.access_token !== 'string') {
      throw new Error(`login of ${username} failed: ${answer.status}`);
    }
    return answer.body.access_token as string;
  }

  /** SIGINT (Node-RED closes every node, as on Ctrl-C), then the same user folder starts again. */
  async restart(): Promise<void> {
    await this.halt();
    this.tokens.clear();
    this.log.note('restart');
    await this.launch();
  }

  /** Ends Node-RED the hard way (SIGKILL: no node closes, no goodbye to brokers), as a crash or power cut would. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) this.lastStop = { code: await stopChild(child, 'SIGKILL', 5_000), ms: 0 };
  }

  /** Stops Node-RED and removes its user folder (E2E_KEEP=1 keeps it, with the log as node-red.log). */
  async stop(): Promise<void> {
    await this.halt();
    if (process.env.E2E_KEEP === '1') fs.writeFileSync(path.join(this.userDir, 'node-red.log'), this.log.read());
    else fs.rmSync(this.userDir, { recursive: true, force: true });
  }

  private install(): void {
    const link = path.join(this.userDir, 'node_modules', PACKAGE);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(REPO_ROOT, link, 'dir');
    const manifest = { name: 'hyundai-kia-e2e', private: true, dependencies: { [PACKAGE]: `file:${REPO_ROOT}` } };
    fs.writeFileSync(path.join(this.userDir, 'package.json'), JSON.stringify(manifest, null, 2));
  }

  private writeSettings(): void {
    writeSettings(this.settingsFile, {
      port: this.port,
      userDir: this.userDir,
      credentialSecret: this.options.credentialSecret,
      httpNodeRoot: this.options.httpNodeRoot,
      adminUsers: this.options.adminUsers,
      logLevel: this.options.logLevel,
    });
  }

  private get settingsFile(): string {
    return path.join(this.userDir, 'settings.js');
  }

  private async launch(): Promise<void> {
    const mark = this.log.mark();
    const child = spawn(process.execPath, [path.join(NODE_RED_DIR, 'red.js'), '--userDir', this.userDir, '--settings', this.settingsFile], {
      cwd: this.userDir,
      // A fixed language, so that badge texts are the en-US ones.
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    killOnExit(child);
    this.log.attach(child);
    this.exited = new Promise<never>((_resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`Node-RED exited (code ${code}, signal ${signal})`)));
    });
    this.exited.catch(() => undefined);
    await this.log.waitFor(/Started flows/, mark, this.options.startTimeoutMs, this.exited);
  }

  private async halt(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    const startedAt = Date.now();
    const code = await stopChild(child, 'SIGINT', 20_000);
    this.lastStop = { code, ms: Date.now() - startedAt };
  }

  private async defaultToken(): Promise<string | undefined> {
    const user = this.options.adminUsers?.find((u) => u.permissions === '*');
    if (!user) return undefined;
    let token = this.tokens.get(user.username);
    if (!token) {
      token = await this.login(user.username, user.password);
      this.tokens.set(user.username, token);
    }
    return token;
  }
}
