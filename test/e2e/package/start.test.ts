// `npm start` on a newcomer's machine: when its port is taken (often by another Node-RED) it says so
// and ends with exit code 1 instead of claiming "The demo is running"; on a free port it says so only
// once Node-RED listens and runs the demo flow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, request } from '../harness';
import { killOnExit, stopChild } from '../harness/stop-child';

const START = path.resolve(__dirname, '../../../scripts/start.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs start.js until it exits, or until `until` matches its stdout: then `meanwhile` runs and it is stopped (SIGINT). */
function runStart(env: Record<string, string>, until?: RegExp, meanwhile?: (run: Run) => Promise<void>, timeoutMs = 60_000): Promise<Run> {
  const child = spawn(process.execPath, [START], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  const run: Run = { code: null, stdout: '', stderr: '' };
  let matched = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child, 'SIGINT', 5_000);
      reject(new Error(`start.js did not finish within ${timeoutMs} ms:\n${run.stdout}\n${run.stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString('utf8');
      if (!matched && until?.test(run.stdout)) {
        matched = true;
        clearTimeout(timer);
        void (meanwhile?.(run) ?? Promise.resolve())
          .finally(() => stopChild(child, 'SIGINT', 15_000))
          .then(
            () => resolve(run),
            (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
          );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    child.once('exit', (code) => {
      run.code = code;
      clearTimeout(timer);
      if (!matched) resolve(run);
    });
  });
}

describe('npm start (scripts/start.js)', function () {
  this.timeout(90_000);
  let userDir: string;
  beforeEach(() => (userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-start-'))));
  afterEach(() => fs.rmSync(userDir, { recursive: true, force: true }));

  it('says the port is taken and exits 1 when something already listens there', async function () {
    const other = net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nsomeone else'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const run = await runStart({ PORT: String(port), HOST: '127.0.0.1', USER_DIR: path.join(userDir, 'demo') });
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.match(run.stderr, /PORT=1881 npm start/);
      assert.doesNotMatch(run.stdout + run.stderr, /The demo is running/);
      assert.equal(fs.existsSync(path.join(userDir, 'demo')), false, 'nothing written for a demo that did not start');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('announces the demo on a free port only once Node-RED serves the demo flow', async function () {
    const port = await freePort();
    let served: Array<{ type: string }> = [];
    const run = await runStart(
      { PORT: String(port), HOST: '127.0.0.1', USER_DIR: userDir, RESET_DEMO: '1' },
      /The demo is running/,
      async () => {
        const answer = await request('GET', `http://127.0.0.1:${port}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } });
        served = answer.body as Array<{ type: string }>;
      },
    );
    // The announcement came after Node-RED's own "listening" and "flows started" lines.
    const announced = run.stdout.indexOf('The demo is running');
    assert.ok(run.stdout.indexOf('Server now running at') >= 0 && run.stdout.indexOf('Server now running at') < announced, run.stdout);
    assert.ok(run.stdout.indexOf('Started flows') < announced, run.stdout);
    assert.match(run.stdout, new RegExp(`The demo is running: open http://127\\.0\\.0\\.1:${port}/`));
    assert.ok(
      served.some((node) => node.type === 'hyundai-kia-account'),
      'the running Node-RED serves the demo flow',
    );
    // It has stopped now: nothing answers on its port any more.
    await assert.rejects(request('GET', `http://127.0.0.1:${port}/`, { timeoutMs: 2_000 }));
  });

  it('adds the Kia USA tab: "read the car" asks for the code npm start prints, and the code signs the account in', async function () {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const account = `${base}/hyundai-kia/accounts/hk-kia-usa-account`;
    const until = async (what: string, check: () => Promise<boolean>, output: Run): Promise<void> => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
        if (await check()) return;
      }
      throw new Error(`npm start: ${what} did not happen:\n${output.stdout}`);
    };
    const run = await runStart(
      { PORT: String(port), HOST: '127.0.0.1', USER_DIR: userDir, RESET_DEMO: '1' },
      /Kia USA demo: the tab/,
      async (output) => {
        // The tab is added over the admin API; its nodes start a moment after the answer.
        await until(
          'the inject of the Kia USA tab',
          async () => (await request('POST', `${base}/inject/hk-kia-usa-inject`)).status === 200,
          output,
        );
        await until('the code request', async () => (await request('GET', `${account}/token`)).body?.state === 'otp-required', output);
        let code: string | undefined;
        await until('the printed code', async () => Boolean((code = /one-time code (\d+) sent/.exec(output.stdout)?.[1])), output);
        const submitted = await request('POST', `${account}/otp`, { body: { code } });
        assert.equal(submitted.status, 200, submitted.text);
        assert.equal(submitted.body.state, 'ready');
      },
    );
    assert.match(run.stdout, /Kia USA demo: the tab "Kia USA \(one-time code\)"/);
  });
});
