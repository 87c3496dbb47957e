// `npm start` as a newcomer runs it (scripts/start.js, the demo flow, the dashboard linked in), but
// in a temporary user folder on a free port, in a process group of its own so that stopping it
// also ends the Node-RED child that start.js spawns.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

export interface DemoProcess {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly userDir: string;
  /** Everything start.js and Node-RED printed so far. */
  log(): string;
  /** Ends the whole process group (SIGINT, then SIGKILL after `graceMs`) and removes the user folder. */
  stop(graceMs?: number): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // The group is gone already.
  }
}

/** Starts the demo and resolves once Node-RED has started its flows (rejects after `startMs`). */
export async function startDemo(startMs = 45_000): Promise<DemoProcess> {
  if (!fs.existsSync(path.join(root, 'dist', 'nodes', 'hyundai-kia-account.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm run test:e2e` does)');
  }
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-editor-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root,
    env: { ...process.env, USER_DIR: userDir, PORT: String(port), RESET_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // A crashed test run must not leave Node-RED behind.
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Node-RED did not start its flows within ${startMs} ms:\n${text.slice(-3000)}`)),
      startMs,
    );
    const add = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      if (/Started flows/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Node-RED exited before starting its flows:\n${text.slice(-3000)}`));
    });
  });

  const demo: DemoProcess = {
    url: `http://127.0.0.1:${port}`,
    userDir,
    log: () => text,
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
        signalGroup(child, 'SIGINT');
        await exited;
        clearTimeout(timer);
      }
      // start.js has ended; a Node-RED child that ignored SIGINT goes now.
      signalGroup(child, 'SIGKILL');
      process.removeListener('exit', killOnExit);
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
  try {
    await started;
  } catch (err) {
    await demo.stop();
    throw err;
  }
  return demo;
}
