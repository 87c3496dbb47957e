// The EU CCSP cloud (Hyundai, Kia, Genesis): vehicles, cached and forced status, commands, action
// records. Older ("legacy") and CCS2 cars differ in paths and bodies; `meta.ccs2` picks the row.
import type { AxiosInstance } from 'axios';
import { VehicleError } from '../../errors';
import { INPUT_RANGES } from '../../ranges';
import type { ActionResult, AuthMode, Brand, VehicleType } from '../../types';
import { cloudStatus, unreadableAnswer } from '../answers';
import type { CloudClient, CloudStatus, CloudVehicle, Command, CommandKind } from '../types';
import { EuAuthStrategy } from './auth';
import { EU_BRANDS } from './brands';
import { euCommand } from './commands';
import { EuSpa } from './spa';

export interface EuClientOptions {
  http: AxiosInstance;
  brand: Brand;
  authMode: AuthMode;
  /** Replaces every EU host (API and identity server); paths stay the same. */
  apiBaseUrl?: string;
  credentials: { username?: string; password?: string; pin?: string; refreshToken?: string };
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** How long a CCS2 force refresh waits for the car's new snapshot (default 60 s), and how often it looks. */
  forceTimeoutMs?: number;
  forcePollMs?: number;
}

const TYPES: Record<string, VehicleType> = { EV: 'EV', PHEV: 'PHEV', PE: 'PHEV', HV: 'HEV', GN: 'ICE' };
const RECORD_RESULTS: Record<string, ActionResult['result']> = { success: 'success', fail: 'failed', 'non-response': 'timeout' };

interface EuVehicleRecord {
  vehicleId: string;
  vin?: string;
  nickname?: string;
  vehicleName?: string;
  type?: string;
  ccuCCS2ProtocolSupport?: number;
}

export class EuClient implements CloudClient {
  readonly strategy: EuAuthStrategy;
  readonly climate = { ...INPUT_RANGES.temperature.C, unit: 'C' as const };
  private readonly spa: EuSpa;

  constructor(private readonly o: EuClientOptions) {
    const brand = EU_BRANDS[o.brand];
    const apiBase = o.apiBaseUrl ?? brand.apiBase;
    const idpBase = o.apiBaseUrl ?? brand.idpBase;
    this.strategy = new EuAuthStrategy({
      http: o.http,
      brand,
      brandName: o.brand,
      apiBase,
      idpBase,
      authMode: o.authMode,
      username: o.credentials.username,
      password: o.credentials.password,
      refreshToken: o.credentials.refreshToken,
      now: o.now,
    });
    this.spa = new EuSpa(o.http, brand, apiBase, o.credentials.pin, o.now);
  }

  async vehicles(accessToken: string): Promise<CloudVehicle[]> {
    const envelope = await this.spa.request({ method: 'GET', path: '/api/v1/spa/vehicles', accessToken });
    const list = (envelope.resMsg as { vehicles?: unknown } | undefined)?.vehicles;
    // An account without cars answers an empty list; a missing list or a car without an id is not an answer.
    if (!Array.isArray(list) || !list.every((v: EuVehicleRecord | null) => typeof v?.vehicleId === 'string' && v.vehicleId !== '')) {
      throw unreadableAnswer('the car list request');
    }
    return (list as EuVehicleRecord[]).map((v) => {
      const ccs2 = Number(v.ccuCCS2ProtocolSupport ?? 0) !== 0;
      return {
        id: v.vehicleId,
        vin: v.vin ?? '',
        name: v.nickname || v.vehicleName || v.vin || v.vehicleId,
        model: v.vehicleName ?? '',
        type: TYPES[String(v.type ?? '').toUpperCase()] ?? 'ICE',
        protocol: ccs2 ? 'eu-ccs2' : 'eu',
        meta: { ccs2 },
      };
    });
  }

  async readCached(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    return vehicle.meta.ccs2 ? this.ccs2Latest(accessToken, vehicle).then((r) => r.status) : this.legacyLatest(accessToken, vehicle);
  }

  async readForce(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    return vehicle.meta.ccs2 ? this.ccs2Force(accessToken, vehicle) : this.legacyForce(accessToken, vehicle);
  }

  unsupported(vehicle: CloudVehicle, command: CommandKind): string | null {
    const electric = vehicle.type === 'EV' || vehicle.type === 'PHEV';
    if (!electric && ['startCharge', 'stopCharge', 'openChargePort', 'closeChargePort', 'setChargeTargets', 'setChargingCurrent'].includes(command)) {
      return `${vehicle.type} cars have no charging commands`;
    }
    if (command === 'setChargingCurrent' && !vehicle.meta.ccs2) return 'The charging current can only be set on CCS2 cars';
    return null;
  }

  async send(accessToken: string, vehicle: CloudVehicle, command: Command): Promise<string | null> {
    const call = euCommand(command, Boolean(vehicle.meta.ccs2), vehicle.id);
    const envelope = await this.spa.request({
      method: 'POST',
      path: call.path,
      accessToken,
      auth: call.auth,
      ccs2: Boolean(vehicle.meta.ccs2),
      body: call.body,
      withDeviceId: call.withDeviceId,
    });
    return envelope.msgId ?? null;
  }

  async actionStatus(accessToken: string, vehicle: CloudVehicle, actionId: string): Promise<ActionResult['result']> {
    const envelope = await this.spa.request({ method: 'GET', path: `/api/v1/spa/notifications/${vehicle.id}/records`, accessToken });
    const records = Array.isArray(envelope.resMsg) ? (envelope.resMsg as Array<{ recordId?: string; result?: string | null }>) : [];
    const record = records.find((r) => r.recordId === actionId);
    if (!record) return 'unknown';
    if (record.result === null || record.result === undefined) return 'pending';
    return RECORD_RESULTS[record.result] ?? 'unknown';
  }

  private async legacyLatest(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    const envelope = await this.spa.request({ method: 'GET', path: `/api/v1/spa/vehicles/${vehicle.id}/status/latest`, accessToken });
    const info = (envelope.resMsg as { vehicleStatusInfo?: unknown } | undefined)?.vehicleStatusInfo;
    if (!info) throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no status for this car');
    return { state: cloudStatus('eu', info) };
  }

  /** Forced legacy read: the fresh status and location, with the odometer from the cloud's copy. */
  private async legacyForce(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    const base = `/api/v1/spa/vehicles/${vehicle.id}`;
    const forced = await this.spa.request({ method: 'GET', path: `${base}/status`, accessToken, wakesCar: true });
    const location = await this.spa.request({ method: 'GET', path: `${base}/location`, accessToken, wakesCar: true });
    const cached = await this.spa.request({ method: 'GET', path: `${base}/status/latest`, accessToken });
    const info = (cached.resMsg as { vehicleStatusInfo?: { odometer?: unknown } } | undefined)?.vehicleStatusInfo;
    const loc = location.resMsg as { gpsDetail?: unknown } | undefined;
    return {
      state: cloudStatus('eu', {
        vehicleStatus: forced.resMsg,
        vehicleLocation: loc?.gpsDetail ?? loc ?? null,
        odometer: info?.odometer ?? null,
      }),
    };
  }

  private async ccs2Latest(accessToken: string, vehicle: CloudVehicle): Promise<{ status: CloudStatus; updatedAt: number }> {
    const envelope = await this.spa.request({
      method: 'GET',
      path: `/api/v1/spa/vehicles/${vehicle.id}/ccs2/carstatus/latest`,
      accessToken,
      ccs2: true,
    });
    const res = envelope.resMsg as { state?: { Vehicle?: unknown }; lastUpdateTime?: string | number } | undefined;
    if (!res?.state?.Vehicle) throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no status for this car');
    const state = cloudStatus('eu-ccs2', res.state.Vehicle);
    const updatedAt = Number(res.lastUpdateTime ?? 0);
    if (!state.updatedAt && updatedAt > 0) state.updatedAt = new Date(updatedAt).toISOString();
    return { status: { state }, updatedAt };
  }

  /** CCS2 force refresh is asynchronous: trigger it, then wait for a snapshot newer than the request. */
  private async ccs2Force(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    const requestedAt = this.o.now();
    await this.spa.request({ method: 'GET', path: `/api/v1/spa/vehicles/${vehicle.id}/ccs2/carstatus`, accessToken, ccs2: true, wakesCar: true });
    const deadline = requestedAt + (this.o.forceTimeoutMs ?? 60_000);
    const maxPause = this.o.forcePollMs ?? 2_000;
    // Look soon, then less often: a car that answers at once is not kept waiting 2 s.
    for (let pause = Math.min(250, maxPause); ; pause = Math.min(pause * 2, maxPause)) {
      const latest = await this.ccs2Latest(accessToken, vehicle);
      if (latest.updatedAt >= requestedAt) return latest.status;
      if (this.o.now() >= deadline) {
        throw new VehicleError('VEHICLE_UNREACHABLE', 'The car did not send a new status in time');
      }
      await this.o.sleep(pause);
    }
  }
}
