// The EU command table (cloud-protocol.md 1.10): path, which car generation takes it, and the body
// check that turns a request into an effect. Paths under /api/v2 need the PIN control token; under
// /api/v1 the access token will do. A path of the other generation answers 4005 (unsupported).
import type { CarState, CurrentLevel, WindowPosition } from './car-state';
import { MARKET_STYLE, type CcspMarket } from './ccsp-tenants';
import { celsiusFromTempCode } from './eu-temp-code';
import { effects, heatingFlags, Parsed, parseTargets } from './commands';
import type { Effect } from './commands';

type Body = Record<string, unknown>;

export interface EuCommandSpec {
  /** Path after `/api/:ver/spa/vehicles/:id/`. */
  path: string;
  generation: 'legacy' | 'ccs2' | 'both';
  /** `market` picks the temperature table of legacy climate codes (AU/NZ start at 17 °C). */
  parse: (body: Body, market: CcspMarket) => Parsed;
}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): value is T => allowed.includes(value as T);
const isIn = (value: unknown, allowed: readonly number[]) => allowed.includes(value as number);
const optionalBool = (value: unknown) => value === undefined || typeof value === 'boolean';
const flag = (value: unknown) => value === true || value === 1 || value === '1';

function openClose(value: unknown, field: string, names: [string, string], set: (open: boolean) => Effect): Parsed {
  if (!oneOf(value, ['open', 'close'])) return `${field} must be "open" or "close"`;
  return { name: value === 'open' ? names[0] : names[1], effect: set(value === 'open') };
}

function startStop(value: unknown, field: string): 'start' | 'stop' | string {
  return oneOf(value, ['start', 'stop']) ? value : `${field} must be "start" or "stop"`;
}

function legacyClimate(body: Body, market: CcspMarket): Parsed {
  const action = startStop(body.action, 'action');
  if (action === 'stop') return { name: 'climate-stop', effect: effects.climateOff() };
  if (action !== 'start') return action;
  const celsius = celsiusFromTempCode(body.tempCode, MARKET_STYLE[market].temps);
  if (celsius === null) return 'tempCode must be a temperature code such as "0EH"';
  if (body.unit !== undefined && body.unit !== 'C') return 'unit must be "C"';
  const options = (body.options ?? {}) as Body;
  if (typeof options !== 'object' || !optionalBool(options.defrost)) return 'options.defrost must be a boolean';
  const heating = options.heating1 ?? 0;
  if (!isIn(heating, [0, 1, 2, 3, 4])) return 'options.heating1 must be 0 to 4';
  const { steeringWheelHeat, rearWindowHeat } = heatingFlags(heating as number);
  return { name: 'climate-start', effect: effects.climateOn(celsius, 'C', options.defrost === true, steeringWheelHeat, rearWindowHeat) };
}

function ccs2Climate(body: Body): Parsed {
  const command = startStop(body.command, 'command');
  if (command === 'stop') return { name: 'climate-stop', effect: effects.climateOff() };
  if (command !== 'start') return command;
  const unit = body.tempUnit ?? 'C';
  if (unit !== 'C' && unit !== 'F') return 'tempUnit must be "C" or "F"';
  const temperature = Number(body.hvacTemp);
  const [low, high] = unit === 'C' ? [14, 30] : [57, 86];
  if (!Number.isFinite(temperature) || temperature < low || temperature > high) return `hvacTemp must be ${low} to ${high}`;
  if (!optionalBool(body.windshieldFrontDefogState)) return 'windshieldFrontDefogState must be a boolean';
  const heating = heatingFlags(typeof body.heating1 === 'number' ? body.heating1 : 0);
  return {
    name: 'climate-start',
    effect: effects.climateOn(
      temperature,
      unit,
      body.windshieldFrontDefogState === true,
      flag(body.strgWhlHeating) || heating.steeringWheelHeat,
      flag(body.sideRearMirrorHeating) || heating.rearWindowHeat,
    ),
  };
}

function chargeStartStop(value: unknown, field: string): Parsed {
  const action = startStop(value, field);
  if (action !== 'start' && action !== 'stop') return action;
  return { name: `charge-${action}`, effect: effects.charge(action === 'start') };
}

const WINDOW_KEYS = [
  ['frontLeft', 'frontLeft'],
  ['frontRight', 'frontRight'],
  ['backLeft', 'rearLeft'],
  ['backRight', 'rearRight'],
] as const;

function windows(body: Body): Parsed {
  for (const [key] of WINDOW_KEYS) if (!isIn(body[key], [0, 1, 2])) return `${key} must be 0, 1 or 2`;
  return {
    name: 'windows',
    effect: (s: CarState) => {
      for (const [key, window] of WINDOW_KEYS) s.windows[window] = body[key] as WindowPosition;
      return true;
    },
  };
}

function chargingCurrent(body: Body): Parsed {
  if (!isIn(body.chargingCurrent, [1, 2, 3])) return 'chargingCurrent must be 1, 2 or 3';
  return { name: 'charging-current', effect: (s) => ((s.ev.currentLevel = body.chargingCurrent as CurrentLevel), true) };
}

function commandOn(name: string) {
  return (body: Body): Parsed => (body.command === 'on' ? { name, effect: effects.none() } : 'command must be "on"');
}

function anyObject(name: string) {
  return (body: Body): Parsed => (Object.keys(body).length > 0 ? { name, effect: effects.none() } : 'a body is required');
}

export const EU_COMMANDS: EuCommandSpec[] = [
  { path: 'control/door', generation: 'legacy', parse: (b) => openClose(b.action, 'action', ['unlock', 'lock'], (o) => effects.lock(!o)) },
  { path: 'control/temperature', generation: 'legacy', parse: legacyClimate },
  // India: v1 start with the access token, v2 stop with the control token (more-regions.md 3.4).
  { path: 'control/engine', generation: 'legacy', parse: legacyClimate },
  { path: 'control/charge', generation: 'legacy', parse: (b) => chargeStartStop(b.action, 'action') },
  {
    path: 'ccs2/control/door',
    generation: 'ccs2',
    parse: (b) => openClose(b.command, 'command', ['unlock', 'lock'], (o) => effects.lock(!o)),
  },
  { path: 'ccs2/control/temperature', generation: 'ccs2', parse: ccs2Climate },
  { path: 'ccs2/control/charge', generation: 'ccs2', parse: (b) => chargeStartStop(b.command, 'command') },
  { path: 'control/portdoor', generation: 'both', parse: (b) => openClose(b.action, 'action', ['port-open', 'port-close'], effects.port) },
  { path: 'charge/target', generation: 'both', parse: (b) => parseTargets(b.targetSOClist) },
  { path: 'ccs2/charge/chargingcurrent', generation: 'ccs2', parse: chargingCurrent },
  { path: 'control/windowcurtain', generation: 'both', parse: windows },
  { path: 'ccs2/control/light', generation: 'ccs2', parse: commandOn('hazard') },
  { path: 'ccs2/control/hornlight', generation: 'ccs2', parse: commandOn('horn-light') },
  {
    path: 'control/valet',
    generation: 'both',
    parse: (b) =>
      oneOf(b.action, ['activate', 'deactivate'])
        ? { name: `valet-${b.action}`, effect: (s) => ((s.valetMode = b.action === 'activate'), true) }
        : 'action must be "activate" or "deactivate"',
  },
  {
    path: 'ccs2/charge/dischargelimit',
    generation: 'both',
    parse: (b) =>
      typeof b.dischargingLimit === 'number' && b.dischargingLimit >= 20 && b.dischargingLimit <= 80
        ? { name: 'discharge-limit', effect: effects.none() }
        : 'dischargingLimit must be 20 to 80',
  },
  { path: 'ccs2/reservation/chargehvac', generation: 'both', parse: anyObject('reservation') },
  { path: 'ccs2/reservation/charge', generation: 'both', parse: anyObject('reservation') },
  { path: 'ccs2/reservation/hvac', generation: 'both', parse: anyObject('reservation') },
  {
    path: 'location/routes',
    generation: 'both',
    parse: (b) => (Array.isArray(b.poiInfoList) ? { name: 'navigation', effect: effects.none() } : 'poiInfoList must be a list'),
  },
];
