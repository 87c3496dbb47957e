// The README's library example, extracted and run as a plain Node script (CommonJS, no top-level
// await) in a child process against the simulator: it prints its result, also when its first call
// meets a refused connection and the session waits before retrying (an awaited call keeps Node alive).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSim, type Sim } from '../account/helpers';

const ROOT = resolve(__dirname, '../../..');

function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the library without Node-RED'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has a js example under "Using the library without Node-RED"');
  return block[1];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** A TCP relay from `port` to the simulator, started only when asked (until then: connection refused). */
function relay(port: number, target: URL): { start(): Promise<void>; close(): Promise<void> } {
  let server: Server | null = null;
  return {
    start: () =>
      new Promise((done) => {
        server = createServer((socket) => {
          const upstream = connect(Number(target.port), target.hostname);
          socket.pipe(upstream).pipe(socket);
          const end = (): void => {
            socket.destroy();
            upstream.destroy();
          };
          socket.on('error', end);
          upstream.on('error', end);
        }).listen(port, '127.0.0.1', () => done());
      }),
    close: () => new Promise((done) => (server ? server.close(() => done()) : done())),
  };
}

describe('hardening: the README example as a plain script', function () {
  this.timeout(30_000);
  let sim: Sim;
  let dir: string;

  beforeEach(async () => {
    sim = await startSim();
    dir = mkdtempSync(join(tmpdir(), 'hk-script-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'node-red-contrib-hyundai-kia'), 'dir');
    writeFileSync(join(dir, 'example.js'), readmeExample());
    // Fixes the backoff jitter at its longest (1 s before the first retry), so the test knows when to
    // let connections through; the example itself runs unchanged.
    writeFileSync(join(dir, 'jitter.js'), 'Math.random = () => 0.999;\n');
  });

  afterEach(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function run(baseUrl: string, onStdout?: (text: string) => void): Promise<Run> {
    return new Promise((done) => {
      const child = spawn(process.execPath, ['--require', './jitter.js', 'example.js'], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          KIA_REFRESH_TOKEN: sim.credentials.eu.refreshToken,
          KIA_PIN: sim.credentials.eu.pin,
          KIA_API_BASE_URL: baseUrl,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        onStdout?.(stdout);
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => done({ code, stdout, stderr }));
    });
  }

  it('runs as written (CommonJS, async main) and prints the status and the lock result', async () => {
    const { code, stdout, stderr } = await run(sim.url);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /battery \d+ locked (true|false)/);
    assert.match(stdout, /lock: success/);
  });

  it('meets a refused connection on its first call, waits for the retry, and still prints its result', async () => {
    const port = await freePort();
    const gate = relay(port, new URL(sim.url));
    let opened = false;
    try {
      const { code, stdout, stderr } = await run(`http://127.0.0.1:${port}`, (out) => {
        // The first refresh has started (and its connection is refused at once); open the door well
        // before the retry, which the fixed jitter puts 1 s later.
        if (!opened && /session: refreshing/.test(out)) {
          opened = true;
          void new Promise((r) => setTimeout(r, 300)).then(() => gate.start());
        }
      });
      assert.ok(opened, `the session started refreshing: ${stdout}`);
      assert.equal(code, 0, `exit code ${code}: ${stderr}`);
      assert.match(stdout, /battery \d+ locked (true|false)/);
      assert.match(stdout, /lock: success/);
      assert.ok(sim.control.counters().tokenCalls.refresh >= 1);
    } finally {
      await gate.close();
    }
  });
});
