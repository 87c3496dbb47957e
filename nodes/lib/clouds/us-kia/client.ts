// Kia USA (Kia Connect, cloud-protocol.md 3): the car list with its per-session vehicle keys, cached
// (`cmm/gvi`) and forced (`rems/rvs`) status, commands answering with an `xid` header, and their
// result (`cmm/gts`). Every call takes the session id (`sid`) the session hands in; when the sid
// changed since the keys were read, the keys are read again first, because they belong to a session.
import type { AxiosResponse, Method } from 'axios';
import { VehicleError, toVehicleError } from '../../errors';
import { normalizeStatus } from '../../state';
import type { ActionResult, Logger, VehicleType } from '../../types';
import { NO_RETRY, joinUrl, type Http } from '../http';
import type { OtpPrompt } from '../otp';
import type { CloudClient, CloudStatus, CloudVehicle, Command, CommandKind } from '../types';
import { KiaUsAuthStrategy } from './auth';
import { kiaFailure } from './errors';
import { API_PREFIX, KIA_US_BASE, kiaHeaders, newDeviceId } from './headers';

export interface KiaUsClientOptions {
  http: Http;
  apiBaseUrl?: string;
  credentials: { username?: string; password?: string; pin?: string };
  otp: () => OtpPrompt | null;
  logger?: Logger;
  now: () => number;
}

/** `fuelType` of the car list: 4 is an EV (HKC); the others are read as the research lists them. */
const FUEL_TYPES: Record<string, VehicleType> = { '1': 'ICE', '2': 'HEV', '3': 'PHEV', '4': 'EV' };

const UNSUPPORTED: Partial<Record<CommandKind, string>> = {
  setWindows: 'Kia USA has no window control',
  openChargePort: 'Kia USA has no charge port control',
  closeChargePort: 'Kia USA has no charge port control',
  setChargingCurrent: 'Kia USA cannot set the charging current',
};

const GVI_REQUEST = {
  vehicleConfigReq: { airTempRange: '0', maintenance: '1', seatHeatCoolOption: '0', vehicle: '1', vehicleFeature: '0' },
  vehicleInfoReq: { drivingActivty: '0', dtc: '1', enrollment: '1', functionalCards: '0', location: '1', vehicleStatus: '1', weather: '0' },
};

interface Summary {
  vehicleIdentifier?: string;
  vehicleKey?: string;
  nickName?: string;
  modelName?: string;
  vin?: string;
  fuelType?: number | string;
}

export class KiaUsClient implements CloudClient {
  readonly strategy: KiaUsAuthStrategy;
  readonly climate = { min: 62, max: 82, step: 1, unit: 'F' as const, default: 72 };
  private readonly base: string;
  /** The vehicle keys by vehicle id, and the session they belong to. */
  private keys: { sid: string; byId: Map<string, string> } | null = null;
  /** The car list being read for a new session, shared by every call that needs its keys meanwhile. */
  private keysLoading: { sid: string; list: Promise<Summary[]> } | null = null;
  /** Calls without a signed-in device (never: the sid carries it) still need a device id header. */
  private readonly spareDevice = newDeviceId();

  constructor(private readonly o: KiaUsClientOptions) {
    this.base = o.apiBaseUrl ?? KIA_US_BASE;
    this.strategy = new KiaUsAuthStrategy({
      http: o.http,
      base: this.base,
      username: o.credentials.username,
      password: o.credentials.password,
      otp: o.otp,
      logger: o.logger,
      now: o.now,
    });
  }

  async vehicles(sid: string): Promise<CloudVehicle[]> {
    const list = await this.readList(sid);
    return list
      .filter((v) => v.vehicleIdentifier)
      .map((v) => ({
        id: String(v.vehicleIdentifier),
        vin: v.vin ?? '',
        name: v.nickName || v.modelName || String(v.vehicleIdentifier),
        model: v.modelName ?? '',
        type: FUEL_TYPES[String(v.fuelType ?? '')] ?? 'ICE',
        protocol: 'us-kia',
        meta: {},
      }));
  }

  async readCached(sid: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    const key = await this.keyOf(sid, vehicle);
    const response = await this.call('POST', 'cmm/gvi', sid, key, { ...GVI_REQUEST, vinKey: [key] });
    const info = (response.data as { payload?: { vehicleInfoList?: unknown[] } })?.payload?.vehicleInfoList?.[0];
    if (!info) throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no status for this car');
    return { state: normalizeStatus('us-kia', info) };
  }

  /** Wakes the car (`rems/rvs`), then reads the cloud's copy the car just refreshed (odometer, location). */
  async readForce(sid: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    const key = await this.keyOf(sid, vehicle);
    await this.call('POST', 'rems/rvs', sid, key, { requestType: 0 }, true);
    return this.readCached(sid, vehicle);
  }

  unsupported(vehicle: CloudVehicle, command: CommandKind): string | null {
    const electric = vehicle.type === 'EV' || vehicle.type === 'PHEV';
    if (!electric && ['startCharge', 'stopCharge', 'setChargeTargets'].includes(command))
      return `${vehicle.type} cars have no charging commands`;
    return UNSUPPORTED[command] ?? null;
  }

  async send(sid: string, vehicle: CloudVehicle, command: Command): Promise<string | null> {
    const key = await this.keyOf(sid, vehicle);
    const { method, path, body } = commandCall(command);
    const response = await this.call(method, path, sid, key, body, true);
    const headers = response.headers as Record<string, unknown>;
    const xid = headers.xid;
    return typeof xid === 'string' && xid !== '' ? xid : null;
  }

  /** `cmm/gts`: every value 0 means done; anything else is still running as far as anyone knows. */
  async actionStatus(sid: string, vehicle: CloudVehicle, actionId: string): Promise<ActionResult['result']> {
    const key = await this.keyOf(sid, vehicle);
    const response = await this.call('POST', 'cmm/gts', sid, key, { xid: actionId });
    const payload = (response.data as { payload?: Record<string, unknown> } | null)?.payload;
    if (!payload || typeof payload !== 'object') return 'unknown';
    const values = Object.values(payload).map(Number);
    if (values.length === 0 || values.some((v) => !Number.isFinite(v))) return 'unknown';
    return values.every((v) => v === 0) ? 'success' : 'pending';
  }

  /** The car's key for this session; read again when the session changed (keys are per session). */
  private async keyOf(sid: string, vehicle: CloudVehicle): Promise<string> {
    if (this.keys?.sid !== sid) {
      // After a new sign-in a whole storm of retries needs the new keys: one read serves them all.
      if (this.keysLoading?.sid !== sid) {
        const loading = { sid, list: this.readList(sid) };
        this.keysLoading = loading;
        loading.list.finally(() => this.keysLoading === loading && (this.keysLoading = null)).catch(() => undefined);
      }
      await this.keysLoading.list;
    }
    const key = this.keys?.byId.get(vehicle.id);
    if (!key) throw new VehicleError('CONFIG_INVALID', 'This car is no longer on the Kia account');
    return key;
  }

  private async readList(sid: string): Promise<Summary[]> {
    const response = await this.call('GET', 'ownr/gvl', sid);
    const list = ((response.data as { payload?: { vehicleSummary?: Summary[] } })?.payload?.vehicleSummary ?? []).filter(
      (v): v is Summary => typeof v === 'object' && v !== null,
    );
    const byId = new Map<string, string>();
    for (const v of list) if (v.vehicleIdentifier && v.vehicleKey) byId.set(String(v.vehicleIdentifier), v.vehicleKey);
    this.keys = { sid, byId };
    return list;
  }

  private async call(method: Method, path: string, sid: string, vinKey?: string, body?: unknown, wakesCar = false): Promise<AxiosResponse> {
    const headers: Record<string, string> = { ...kiaHeaders(this.strategy.deviceId ?? this.spareDevice, this.o.now()), sid };
    if (vinKey) headers.vinkey = vinKey;
    let response: AxiosResponse;
    try {
      response = await this.o.http.request({
        method,
        url: joinUrl(this.base, `${API_PREFIX}${path}`),
        headers,
        data: body,
        ...(wakesCar ? NO_RETRY : {}),
      });
    } catch (err) {
      throw toVehicleError(err);
    }
    const failure = kiaFailure(response);
    if (failure) throw failure;
    return response;
  }
}

function commandCall(command: Command): { method: Method; path: string; body?: unknown } {
  switch (command.kind) {
    case 'lock':
      return { method: 'GET', path: 'rems/door/lock' };
    case 'unlock':
      return { method: 'GET', path: 'rems/door/unlock' };
    case 'startClimate':
      return {
        method: 'POST',
        path: 'rems/start',
        body: {
          remoteClimate: {
            airCtrl: true,
            airTemp: { unit: 1, value: String(command.temperature) },
            defrost: command.defrost,
            heatingAccessory: {
              rearWindow: command.heating ? 1 : 0,
              sideMirror: command.heating ? 1 : 0,
              steeringWheel: command.heating ? 1 : 0,
            },
            ignitionOnDuration: { unit: 4, value: command.durationMinutes },
          },
        },
      };
    case 'stopClimate':
      return { method: 'GET', path: 'rems/stop' };
    case 'startCharge':
      return { method: 'POST', path: 'evc/charge', body: { chargeRatio: 100 } };
    case 'stopCharge':
      return { method: 'GET', path: 'evc/cancel' };
    case 'setChargeTargets':
      return {
        method: 'POST',
        path: 'evc/sts',
        body: {
          targetSOClist: [
            { plugType: 0, targetSOClevel: command.dc },
            { plugType: 1, targetSOClevel: command.ac },
          ],
        },
      };
    default:
      throw new VehicleError('UNSUPPORTED', UNSUPPORTED[command.kind] ?? `${command.kind} is not supported`);
  }
}
