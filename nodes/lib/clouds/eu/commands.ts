// EU remote commands: one row per command and car generation (cloud-protocol.md 1.10).
import type { Command } from '../types';
import type { EuAuth } from './spa';

export interface EuCommandCall {
  path: string;
  auth: EuAuth;
  body: Record<string, unknown>;
  /** Legacy rows carry the registered device id in the body (India's charge port spells it `deviceID`). */
  withDeviceId?: boolean | 'deviceID';
}

/** Where a CCSP variant's commands differ from the EU ones (more-regions.md 2.5, 3.4). */
export interface CommandDialect {
  /** The lowest temperature of the legacy tempCode table: EU and India 14 °C, AU/NZ 17 °C. */
  tempBase: number;
  /** Driver's seat side for CCS2 climate: AU/NZ cars are right-hand drive. */
  drvSeatLoc: 'L' | 'R';
  /** Legacy climate: EU and AU `control/temperature`; India starts with v1 and stops with v2 `control/engine`. */
  legacyClimate: 'temperature' | 'engine';
  /** The charge-port body carries the device id (AU `deviceId`, India `deviceID`); EU sends none. */
  portDoorDeviceId?: true | 'deviceID';
}

export const EU_DIALECT: CommandDialect = { tempBase: 14, drvSeatLoc: 'L', legacyClimate: 'temperature' };

const WINDOW_VALUE = { close: 0, open: 1, vent: 2 } as const;
const CURRENT_LEVEL = { 100: 1, 90: 2, 60: 3 } as const;

/** Legacy temperature code: index in 14.0…29.5 (step 0.5) as 2 hex digits + "H", e.g. 21 °C → "0EH" (AU: from 17.0, "08H"). */
export function tempCode(celsius: number, base = 14): string {
  const index = Math.round((celsius - base) * 2);
  return `${index.toString(16).toUpperCase().padStart(2, '0')}H`;
}

/** The request for one command on one car generation. */
export function euCommand(command: Command, ccs2: boolean, vehicleId: string, dialect: CommandDialect = EU_DIALECT): EuCommandCall {
  const v1 = `/api/v1/spa/vehicles/${vehicleId}`;
  const v2 = `/api/v2/spa/vehicles/${vehicleId}`;
  switch (command.kind) {
    case 'lock':
    case 'unlock': {
      const action = command.kind === 'lock' ? 'close' : 'open';
      return ccs2
        ? { path: `${v2}/ccs2/control/door`, auth: 'control', body: { command: action } }
        : { path: `${v1}/control/door`, auth: 'access', body: { action }, withDeviceId: true };
    }
    case 'startClimate':
      return ccs2
        ? {
            path: `${v2}/ccs2/control/temperature`,
            auth: 'control',
            body: {
              command: 'start',
              ignitionDuration: command.durationMinutes,
              strgWhlHeating: command.heating ? 1 : 0,
              hvacTempType: 1,
              hvacTemp: command.temperature,
              sideRearMirrorHeating: command.heating ? 1 : 0,
              drvSeatLoc: dialect.drvSeatLoc,
              seatClimateInfo: { drvSeatClimateState: 0, psgSeatClimateState: 0, rlSeatClimateState: 0, rrSeatClimateState: 0 },
              tempUnit: 'C',
              windshieldFrontDefogState: command.defrost,
            },
          }
        : {
            path: `${v1}/control/${dialect.legacyClimate}`,
            auth: 'access',
            body: {
              action: 'start',
              hvacType: dialect.legacyClimate === 'engine' ? 1 : 0,
              options: { defrost: command.defrost, heating1: command.heating ? 1 : 0, igniOnDuration: command.durationMinutes },
              tempCode: tempCode(command.temperature, dialect.tempBase),
              unit: 'C',
            },
          };
    case 'stopClimate':
      if (ccs2) return { path: `${v2}/ccs2/control/temperature`, auth: 'control', body: { command: 'stop' } };
      return dialect.legacyClimate === 'engine'
        ? { path: `${v2}/control/engine`, auth: 'control', body: { action: 'stop' } }
        : {
            path: `${v1}/control/temperature`,
            auth: 'access',
            body: { action: 'stop', hvacType: 0, options: { defrost: true, heating1: 1 }, tempCode: '10H', unit: 'C' },
          };
    case 'startCharge':
    case 'stopCharge': {
      const action = command.kind === 'startCharge' ? 'start' : 'stop';
      return ccs2
        ? { path: `${v2}/ccs2/control/charge`, auth: 'control', body: { command: action } }
        : { path: `${v1}/control/charge`, auth: 'access', body: { action }, withDeviceId: true };
    }
    case 'openChargePort':
    case 'closeChargePort':
      return {
        path: `${v2}/control/portdoor`,
        auth: 'control',
        body: { action: command.kind === 'openChargePort' ? 'open' : 'close' },
        withDeviceId: dialect.portDoorDeviceId,
      };
    case 'setChargeTargets':
      return {
        path: `${v1}/charge/target`,
        auth: 'access',
        body: {
          targetSOClist: [
            { plugType: 0, targetSOClevel: command.dc },
            { plugType: 1, targetSOClevel: command.ac },
          ],
        },
      };
    case 'setChargingCurrent':
      return { path: `${v1}/ccs2/charge/chargingcurrent`, auth: 'access', body: { chargingCurrent: CURRENT_LEVEL[command.level] } };
    case 'setWindows': {
      const value = WINDOW_VALUE[command.state];
      return {
        path: `${v2}/control/windowcurtain`,
        auth: 'control',
        body: { backLeft: value, backRight: value, frontLeft: value, frontRight: value },
      };
    }
  }
}
