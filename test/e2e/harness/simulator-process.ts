// The simulated clouds as a process of their own (`node dist/nodes/lib/simulator/cli.js`): the
// independent cloud the Node-RED under test talks to. The URL and the demo credentials come from
// what the CLI prints; faults and counters go through its HTTP control API (`/__sim/<method>`).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { SimulatorCounters } from '../../../nodes/lib/simulator';
import type { SimulatorCredentials } from '../../../nodes/lib';
import { ChildLog } from './child-log';
import { freePort } from './free-port';
import { request } from './http';
import { killOnExit, stopChild } from './stop-child';

const CLI = path.resolve(__dirname, '../../../dist/nodes/lib/simulator/cli.js');

export class SimulatorProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** What the simulator printed (its banner holds the demo credentials: not Node-RED's log). */
    readonly log: ChildLog,
    readonly url: string,
    readonly credentials: SimulatorCredentials,
  ) {}

  /** Starts the CLI on a free port and reads its banner. */
  static async start(): Promise<SimulatorProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(child);
    const log = new ChildLog();
    log.attach(child);
    const exited = new Promise<never>((_resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`simulator exited (code ${code}): ${log.read()}`)));
    });
    exited.catch(() => undefined);
    await log.waitFor(/Ctrl-C stops it/, 0, 15_000, exited);
    return new SimulatorProcess(child, log, parseUrl(log.read()), parseCredentials(log.read()));
  }

  /** Calls a `SimulatorControl` method in the simulator process; resolves with its result. */
  async control<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const answer = await request('POST', `${this.url}/__sim/${method}`, { body: args });
    if (answer.status !== 200 || answer.body?.ok !== true)
      throw new Error(`simulator control ${method} failed: ${answer.status} ${answer.text}`);
    return answer.body.result as T;
  }

  async counters(): Promise<SimulatorCounters> {
    const answer = await request('GET', `${this.url}/__sim/counters`);
    if (answer.status !== 200) throw new Error(`simulator counters: ${answer.status}`);
    return answer.body.result as SimulatorCounters;
  }

  async vehicles(): Promise<Array<{ region: 'eu' | 'us'; vehicleId: string; vin: string; nickname: string }>> {
    return this.control('vehicles');
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 5_000);
  }
}

function parseUrl(banner: string): string {
  const url = banner.match(/listening on (http:\/\/\S+)/)?.[1];
  if (!url) throw new Error('the simulator printed no URL');
  return url.replace(/\/$/, '');
}

/** The banner's lines `EU  username U  password P  pin N`, `refresh token R`, `US  username ...`, then Kia USA, CA, AU, NZ, IN. */
function parseCredentials(banner: string): SimulatorCredentials {
  const account = (region: 'EU' | 'US' | 'CA' | 'AU' | 'NZ' | 'IN') => {
    const m = banner.match(new RegExp(`${region}\\s+username (\\S+)\\s+password (\\S+)\\s+pin (\\S+)`));
    if (!m) throw new Error(`the simulator printed no ${region} credentials`);
    return { username: m[1], password: m[2], pin: m[3] };
  };
  const refreshToken = banner.match(/refresh token (\S+)/)?.[1];
  if (!refreshToken) throw new Error('the simulator printed no EU refresh token');
  const otp = banner.match(/CA\s.*one-time code (\S+)/)?.[1];
  if (!otp) throw new Error('the simulator printed no Canadian one-time code');
  const kia = banner.match(/Kia USA username (\S+)\s+password (\S+)\s+pin (\S+)\s+one-time code (\S+)/);
  if (!kia) throw new Error('the simulator printed no Kia USA credentials');
  return {
    eu: { ...account('EU'), refreshToken },
    us: account('US'),
    usKia: { username: kia[1], password: kia[2], pin: kia[3], otp: kia[4] },
    ca: { ...account('CA'), otp },
    au: account('AU'),
    nz: account('NZ'),
    in: account('IN'),
  };
}
