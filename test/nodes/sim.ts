// The simulator for the node tests, from the same build the nodes run from (dist/), with short
// command delays so that confirmed commands answer quickly.
import * as path from 'node:path';
import type { SimulatorControl, SimulatorCredentials, SimulatorOptions } from '../../nodes/lib';

export interface Sim {
  url: string;
  control: SimulatorControl;
  credentials: SimulatorCredentials;
  counters(): ReturnType<SimulatorControl['counters']>;
  close(): Promise<void>;
}

type Start = (options?: SimulatorOptions) => Promise<Omit<Sim, 'counters'>>;
const lib = require(path.resolve(__dirname, '../../dist/nodes/lib/index.js')) as { startSimulator: Start };

export async function startSim(options: SimulatorOptions = {}): Promise<Sim> {
  const sim = await lib.startSimulator({ commandDelayMs: 20, forceDelayMs: 20, ...options });
  return { ...sim, counters: () => sim.control.counters() };
}

/** Every call that reached the cloud: token endpoints and API routes. */
export function cloudCalls(sim: Sim): number {
  const c = sim.counters();
  const tokens = Object.values(c.tokenCalls).reduce((a, b) => a + b, 0);
  return tokens + Object.values(c.apiCalls).reduce((a, b) => a + b, 0);
}

/** Every secret the simulator handed out for its accounts, and the full VINs of its cars. */
export function secretsOf(sim: Sim): string[] {
  const { eu, us } = sim.credentials;
  return [eu.password, eu.pin, eu.refreshToken, us.password, us.pin, ...sim.control.vehicles().map((v) => v.vin)].filter(
    (s): s is string => typeof s === 'string' && s.length >= 4,
  );
}

/**
 * True when `text` (JSON) shows `secret`. A short numeric PIN only counts standing alone inside a
 * string value: numbers (timestamps, counters) and hex ids may contain its digits by chance.
 */
export function leaks(text: string, secret: string): boolean {
  if (!/^\d+$/.test(secret)) return text.includes(secret);
  const withoutNumbers = text.replace(/:\s*-?\d+(\.\d+)?(?=[,}\]])/g, ':0');
  return new RegExp(`(?<![0-9A-Fa-f])${secret}(?![0-9A-Fa-f])`).test(withoutNumbers);
}
