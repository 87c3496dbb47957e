// Canada's remote commands (more-regions.md 1.8): one path per command, the PIN repeated in the body,
// and what Canada does not offer at all (windows, charge port, charging current: no source has them).
import { VehicleError } from '../../errors';
import type { CloudVehicle, Command, CommandKind } from '../types';

export interface CaCommandCall {
  path: string;
  body: Record<string, unknown>;
  /** `evc/setsoc` goes out as the native app (HKC sends `from: SPA` and the `/remote/` Referer). */
  asApp?: boolean;
}

export const CA_UNSUPPORTED: Partial<Record<CommandKind, string>> = {
  setWindows: 'The Canadian cloud has no window control',
  openChargePort: 'The Canadian cloud has no charge port control',
  closeChargePort: 'The Canadian cloud has no charge port control',
  setChargingCurrent: 'The Canadian cloud cannot set the charging current',
};

const ELECTRIC_ONLY: CommandKind[] = ['startCharge', 'stopCharge', 'setChargeTargets'];

/** Why this car cannot do the command in Canada, or null. */
export function caUnsupported(vehicle: CloudVehicle, command: CommandKind): string | null {
  const electric = vehicle.type === 'EV' || vehicle.type === 'PHEV';
  if (!electric && ELECTRIC_ONLY.includes(command)) return `${vehicle.type} cars have no charging commands`;
  return CA_UNSUPPORTED[command] ?? null;
}

/**
 * The set temperature as Canada's hex code: cars from model year 2020 count from 14.0 °C in 0.5
 * steps (21 °C = "0EH"), older ones from 16.0 °C (HKC's two tables).
 */
export function caTempCode(celsius: number, modelYear: number | null): string {
  const start = modelYear !== null && modelYear < 2020 ? 16 : 14;
  const index = Math.round((celsius - start) * 2);
  return `${index.toString(16).toUpperCase().padStart(2, '0')}H`;
}

/** Kia EV9 and Hyundai IONIQ 9 take `remoteControl` where the others take `hvacInfo` (HKC). */
function climateKey(vehicle: CloudVehicle): 'hvacInfo' | 'remoteControl' {
  return /\bEV9\b|IONIQ\s*9/i.test(`${vehicle.model} ${vehicle.name}`) ? 'remoteControl' : 'hvacInfo';
}

const NO_SEATS = { drvSeatOptCmd: 0, astSeatOptCmd: 0, rlSeatOptCmd: 0, rrSeatOptCmd: 0 };

export function caCommandCall(vehicle: CloudVehicle, command: Command, pin: string): CaCommandCall {
  const modelYear = typeof vehicle.meta.modelYear === 'number' ? vehicle.meta.modelYear : null;
  const ev = vehicle.type === 'EV';
  switch (command.kind) {
    case 'lock':
      return { path: 'drlck', body: { pin } };
    case 'unlock':
      return { path: 'drulck', body: { pin } };
    case 'startClimate': {
      const settings = {
        airCtrl: 1,
        defrost: command.defrost,
        heating1: command.heating ? 1 : 0,
        igniOnDuration: command.durationMinutes,
        seatHeaterVentCMD: NO_SEATS,
      };
      const value = caTempCode(command.temperature, modelYear);
      if (ev)
        return { path: 'evc/rfon', body: { pin, [climateKey(vehicle)]: { ...settings, airTemp: { value, unit: 0, hvacTempType: 1 } } } };
      return { path: 'rmtstrt', body: { pin, setting: { ...settings, ims: 0, airTemp: { value, unit: 0, hvacTempType: 0 } } } };
    }
    case 'stopClimate':
      return { path: ev ? 'evc/rfoff' : 'rmtstp', body: { pin } };
    case 'startCharge':
      return { path: 'evc/rcstrt', body: { pin } };
    case 'stopCharge':
      return { path: 'evc/rcstp', body: { pin } };
    case 'setChargeTargets':
      return {
        path: 'evc/setsoc',
        asApp: true,
        body: {
          pin,
          tsoc: [
            { plugType: 0, level: command.dc },
            { plugType: 1, level: command.ac },
          ],
        },
      };
    default:
      throw new VehicleError('UNSUPPORTED', CA_UNSUPPORTED[command.kind] ?? `${command.kind} is not supported in Canada`);
  }
}
