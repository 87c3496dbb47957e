// A real MQTT broker for the tests: Debian's mosquitto on a free loopback port, stopped after use.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface Broker {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** /usr/sbin/mosquitto (Debian's package), or the first one on PATH. */
export function findMosquitto(): string | undefined {
  const dirs = ['/usr/sbin', ...(process.env.PATH ?? '').split(path.delimiter)];
  return dirs.map((dir) => path.join(dir, 'mosquitto')).find((file) => fs.existsSync(file));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function startMosquitto(): Promise<Broker> {
  const bin = findMosquitto();
  if (!bin) throw new Error('mosquitto is not installed: `apt-get install mosquitto` (Debian) or put it on PATH');
  const port = await freePort();
  const child = spawn(bin, ['-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async (): Promise<void> => {
    if (!running) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killer);
  };

  const deadline = Date.now() + 5000;
  while (!(await accepts(port))) {
    if (!running || Date.now() > deadline) {
      await stop();
      throw new Error(`mosquitto did not listen on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { port, url: `mqtt://127.0.0.1:${port}`, stop };
}
