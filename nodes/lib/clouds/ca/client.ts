// Canada (Kia Connect, Hyundai Bluelink, Genesis Connected Services; more-regions.md section 1):
// vehicles, cached and forced status, commands behind a per-command PIN step (pAuth) that answer
// with a transaction id in a response header, and `rmtsts` for the outcome.
import type { Http } from '../http';
import { VehicleError } from '../../errors';
import { normalizeStatus } from '../../state';
import type { ActionResult, Brand, VehicleType } from '../../types';
import type { OtpPrompt } from '../otp';
import type { CloudClient, CloudStatus, CloudVehicle, Command, CommandKind } from '../types';
import { CaAuthStrategy } from './auth';
import { caCommandCall, caUnsupported } from './commands';
import { CA_HOSTS, CaPortal } from './portal';

export interface CaClientOptions {
  http: Http;
  brand: Brand;
  apiBaseUrl?: string;
  credentials: { username?: string; password?: string; pin?: string };
  otp?: () => OtpPrompt | null;
  now: () => number;
}

const TYPES: Record<string, VehicleType> = { E: 'EV', P: 'PHEV', H: 'HEV', G: 'ICE' };
/** `rmtsts` → `transaction.apiResult`: C complete, P pending; anything else is the car's failure (HKC). */
const API_RESULT: Record<string, ActionResult['result']> = { C: 'success', P: 'pending' };

type Rec = Record<string, unknown>;
const rec = (value: unknown): Rec => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : {});

export class CaClient implements CloudClient {
  readonly strategy: CaAuthStrategy;
  readonly climate = { min: 16, max: 31.5, step: 0.5, unit: 'C' as const, default: 21 };
  private readonly portal: CaPortal;

  constructor(private readonly o: CaClientOptions) {
    const base = o.apiBaseUrl ?? `https://${CA_HOSTS[o.brand]}`;
    this.portal = new CaPortal(o.http, o.brand, base);
    this.strategy = new CaAuthStrategy({
      portal: this.portal,
      brandName: o.brand,
      base,
      username: o.credentials.username,
      password: o.credentials.password,
      otp: o.otp,
      now: o.now,
    });
  }

  async vehicles(accessToken: string): Promise<CloudVehicle[]> {
    const { result } = await this.portal.post({ path: 'vhcllst', accessToken, context: 'Vehicle list' });
    const list = rec(result).vehicles;
    return (Array.isArray(list) ? list : [])
      .map(rec)
      .filter((v) => typeof v.vehicleId === 'string')
      .map((v) => ({
        id: String(v.vehicleId),
        vin: typeof v.vin === 'string' ? v.vin : '',
        name: String(v.nickName || v.modelName || v.vin || ''),
        model: typeof v.modelName === 'string' ? v.modelName : '',
        type: TYPES[String(v.fuelKindCode ?? 'G').toUpperCase()] ?? 'ICE',
        protocol: 'ca',
        meta: { modelYear: Number.parseInt(String(v.modelYear), 10) || null, genType: v.genType ?? null },
      }));
  }

  readCached(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    return this.status(accessToken, vehicle, 'lstvhclsts');
  }

  /** `rltmvhclsts` wakes the car and answers synchronously with its fresh status. */
  readForce(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    return this.status(accessToken, vehicle, 'rltmvhclsts');
  }

  unsupported(vehicle: CloudVehicle, command: CommandKind): string | null {
    return caUnsupported(vehicle, command);
  }

  async send(accessToken: string, vehicle: CloudVehicle, command: Command): Promise<string | null> {
    const pin = this.pin();
    const call = caCommandCall(vehicle, command, pin);
    const pAuth = await this.pinAuth(accessToken, vehicle, pin);
    const { headers } = await this.portal.post({
      path: call.path,
      body: call.body,
      accessToken,
      vehicleId: vehicle.id,
      pAuth,
      asApp: call.asApp,
      context: command.kind,
    });
    return headers.transactionid ?? null;
  }

  async actionStatus(accessToken: string, vehicle: CloudVehicle, actionId: string): Promise<ActionResult['result']> {
    const pAuth = await this.pinAuth(accessToken, vehicle, this.pin());
    let result;
    try {
      ({ result } = await this.portal.post({
        path: 'rmtsts',
        accessToken,
        vehicleId: vehicle.id,
        pAuth,
        transactionId: actionId,
        context: 'Action status',
      }));
    } catch (err) {
      // A refused poll says nothing about the car: keep asking until the confirm time is up.
      if (err instanceof VehicleError && err.httpStatus === 200 && err.code !== 'AUTH_FAILED') return 'unknown';
      throw err;
    }
    // A 2026 EV4 answers every poll without `result` (kia_uvo #1819): unknown, not failed.
    const apiResult = rec(rec(result).transaction).apiResult;
    if (typeof apiResult !== 'string' || !apiResult) return 'unknown';
    return API_RESULT[apiResult.toUpperCase()] ?? 'failed';
  }

  private async status(accessToken: string, vehicle: CloudVehicle, path: 'lstvhclsts' | 'rltmvhclsts'): Promise<CloudStatus> {
    const { result } = await this.portal.post({ path, accessToken, vehicleId: vehicle.id, context: 'Vehicle status' });
    const status = rec(result).status;
    // Genesis once answered success without `result` (HKC #817).
    if (typeof status !== 'object' || status === null)
      throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no status for this car');
    const chargeLimits = vehicle.type === 'EV' || vehicle.type === 'PHEV' ? await this.chargeLimits(accessToken, vehicle) : undefined;
    return { state: normalizeStatus('ca', { status, chargeLimits }) };
  }

  /** `evc/selsoc`: the charge targets as a list; a refusal leaves them unknown, an expired token does not. */
  private async chargeLimits(accessToken: string, vehicle: CloudVehicle): Promise<unknown> {
    try {
      return (await this.portal.post({ path: 'evc/selsoc', accessToken, vehicleId: vehicle.id, context: 'Charge targets' })).result;
    } catch (err) {
      if (err instanceof VehicleError && err.httpStatus === 200 && !err.tokenExpired) return undefined;
      throw err;
    }
  }

  /** `vrfypin`: a fresh pAuth for every PIN-protected call, as the reference library does. */
  private async pinAuth(accessToken: string, vehicle: CloudVehicle, pin: string): Promise<string> {
    const { result } = await this.portal.post({ path: 'vrfypin', body: { pin }, accessToken, vehicleId: vehicle.id, context: 'PIN check' });
    const pAuth = rec(result).pAuth;
    if (typeof pAuth !== 'string' || !pAuth) throw new VehicleError('CLOUD_UNAVAILABLE', 'The PIN check returned no pAuth');
    return pAuth;
  }

  private pin(): string {
    const pin = this.o.credentials.pin;
    if (!pin) throw new VehicleError('CONFIG_INVALID', 'The Canadian cloud needs the PIN for commands');
    return pin;
  }
}
