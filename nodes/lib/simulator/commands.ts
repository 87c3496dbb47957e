// The command engine shared by both platforms: one command in flight per car (EU), an action
// record that stays pending while the command travels, then the outcome and its effect on the car.
import { randomUUID } from 'node:crypto';
import type { CarState } from './car-state';
import { bump } from './counters';
import type { ActionRecord, SimCar } from './vehicles';
import type { World } from './world';

/** Changes the true state; returns false when the car refuses (e.g. charging without a cable). */
export type Effect = (state: CarState) => boolean;

export interface CommandRequest {
  name: string;
  effect: Effect;
  deviceId?: string;
  /** EU: the car takes one command at a time. */
  exclusive: boolean;
}

/** Keeps the newest records only; enough for any poll. */
const MAX_RECORDS = 50;

/** Starts a command, or returns null when the car is busy with another (the caller answers 4004). */
export function startCommand(world: World, car: SimCar, request: CommandRequest): ActionRecord | null {
  if (request.exclusive && car.inFlight) {
    world.counters.busyRejections += 1;
    return null;
  }
  const record: ActionRecord = {
    recordId: randomUUID(),
    command: request.name,
    result: null,
    deviceId: request.deviceId,
    createdAt: world.clock.now(),
  };
  car.records.unshift(record);
  car.records.length = Math.min(car.records.length, MAX_RECORDS);
  if (request.exclusive) car.inFlight = record;
  world.counters.commands += 1;
  bump(world.counters.commandsByName, request.name);
  world.schedule(() => finish(world, car, record, request.effect), world.options.commandDelayMs);
  return record;
}

function finish(world: World, car: SimCar, record: ActionRecord, effect: Effect): void {
  if (car.inFlight === record) car.inFlight = null;
  const now = world.clock.now();
  car.advance(now);
  let outcome: ActionRecord['result'];
  if (world.faults.unreachable === 'non-response') outcome = 'non-response';
  else outcome = effect(car.truth) ? 'success' : 'fail';
  // Stuck results: the car did act, but the cloud never says so (HKC #1153).
  record.result = world.faults.resultsStuckAtNull ? null : outcome;
  if (outcome === 'success' && world.options.snapshotOnCommand) car.report(now);
}

export type Parsed = { name: string; effect: Effect } | string;

const TARGET_LEVELS = [50, 60, 70, 80, 90, 100];

/** `targetSOClist` as both platforms send it: plugType 0 = DC, 1 = AC; levels 50-100 in tens. */
export function parseTargets(list: unknown): Parsed {
  if (!Array.isArray(list) || list.length === 0) return 'targetSOClist must be a non-empty list';
  for (const entry of list as Array<Record<string, unknown> | null>) {
    if (entry?.plugType !== 0 && entry?.plugType !== 1) return 'plugType must be 0 (DC) or 1 (AC)';
    if (!TARGET_LEVELS.includes(entry.targetSOClevel as number)) return 'targetSOClevel must be 50, 60, ... 100';
  }
  return { name: 'charge-targets', effect: effects.targets(list as Array<{ plugType: number; targetSOClevel: number }>) };
}

/** `heating1`: 0 off, 1 steering wheel + rear window, 2 rear window, 3 steering wheel, 4 = 1. */
export function heatingFlags(heating1: number): { steeringWheelHeat: boolean; rearWindowHeat: boolean } {
  return { steeringWheelHeat: [1, 3, 4].includes(heating1), rearWindowHeat: [1, 2, 4].includes(heating1) };
}

// Effects both platforms use.
export const effects = {
  lock:
    (locked: boolean): Effect =>
    (s) => ((s.locked = locked), true),
  climateOn:
    (temperature: number, unit: 'C' | 'F', defrost: boolean, steeringWheelHeat: boolean, rearWindowHeat: boolean): Effect =>
    (s) => {
      s.climate = { on: true, temperature, unit, defrost, steeringWheelHeat, rearWindowHeat };
      return true;
    },
  climateOff: (): Effect => (s) => ((s.climate.on = false), (s.climate.defrost = false), true),
  charge:
    (start: boolean): Effect =>
    (s) => {
      if (!start) return ((s.ev.charging = false), true);
      if (!s.ev.pluggedIn) return false;
      s.ev.charging = s.ev.soc < s.ev.targetAc;
      return true;
    },
  port:
    (open: boolean): Effect =>
    (s) => ((s.ev.chargePortOpen = open), true),
  targets:
    (list: Array<{ plugType: number; targetSOClevel: number }>): Effect =>
    (s) => {
      for (const { plugType, targetSOClevel } of list) {
        if (plugType === 1) s.ev.targetAc = targetSOClevel;
        else s.ev.targetDc = targetSOClevel;
      }
      if (s.ev.charging && s.ev.soc >= s.ev.targetAc) s.ev.charging = false;
      return true;
    },
  none: (): Effect => () => true,
};
