// The EU CCSP cloud (Hyundai, Kia, Genesis): vehicles, cached and forced status, commands, action
// records. Older ("legacy") and CCS2 cars differ in paths and bodies; `meta.ccs2` picks the row.
// The CCSP variants of other regions (AU/NZ, India) use this client with their own constants,
// sign-in and the few differences a `CcspVariant` names.
import type { Http } from '../http';
import { VehicleError, isTokenExpiredError } from '../../errors';
import { INPUT_RANGES } from '../../ranges';
import type { ActionResult, AuthMode, AuthStrategy, Brand, VehicleType } from '../../types';
import { cloudStatus, unreadableAnswer } from '../answers';
import type { CloudClient, CloudStatus, CloudVehicle, Command, CommandKind } from '../types';
import { EuAuthStrategy } from './auth';
import { EU_BRANDS, type CcspBrand } from './brands';
import { EU_DIALECT, euCommand, type CommandDialect } from './commands';
import { EuSpa } from './spa';

/** What a CCSP variant changes; absent = the EU cloud. */
export interface CcspVariant {
  constants: CcspBrand;
  strategy: AuthStrategy;
  /** Legacy status arrives flat in `resMsg` (not `vehicleStatusInfo`), its location from `location/park`. */
  source: 'au' | 'in';
  dialect: CommandDialect;
  climate: CloudClient['climate'];
  lacks: Partial<Record<CommandKind, string>>;
  /** A vehicle path whose `resMsg.odometer` (km) holds the odometer the status lacks (India). */
  odometerPath?: string;
}

export interface EuClientOptions {
  http: Http;
  brand: Brand;
  authMode: AuthMode;
  /** Replaces every EU host (API, identity server, CCI); paths stay the same. */
  apiBaseUrl?: string;
  credentials: { username?: string; password?: string; pin?: string; refreshToken?: string };
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** How long a CCS2 force refresh waits for the car's new snapshot (default 60 s), and how often it looks. */
  forceTimeoutMs?: number;
  forcePollMs?: number;
  variant?: CcspVariant;
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
  readonly strategy: AuthStrategy;
  readonly climate: CloudClient['climate'];
  private readonly spa: EuSpa;
  private readonly dialect: CommandDialect;

  constructor(private readonly o: EuClientOptions) {
    const variant = o.variant;
    const brand: CcspBrand = variant?.constants ?? EU_BRANDS[o.brand];
    const apiBase = o.apiBaseUrl ?? brand.apiBase;
    const idpBase = o.apiBaseUrl ?? brand.idpBase;
    this.climate = variant?.climate ?? { ...INPUT_RANGES.temperature.C, unit: 'C' };
    this.dialect = variant?.dialect ?? EU_DIALECT;
    this.strategy =
      variant?.strategy ??
      new EuAuthStrategy({
        http: o.http,
        brand: EU_BRANDS[o.brand],
        brandName: o.brand,
        apiBase,
        idpBase,
        cciBase: o.apiBaseUrl ?? EU_BRANDS[o.brand].oneApp.cciBase,
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
    const lacking = this.o.variant?.lacks[command];
    if (lacking) return lacking;
    const electric = vehicle.type === 'EV' || vehicle.type === 'PHEV';
    if (
      !electric &&
      ['startCharge', 'stopCharge', 'openChargePort', 'closeChargePort', 'setChargeTargets', 'setChargingCurrent'].includes(command)
    ) {
      return `${vehicle.type} cars have no charging commands`;
    }
    if (command === 'setChargingCurrent' && !vehicle.meta.ccs2) return 'The charging current can only be set on CCS2 cars';
    return null;
  }

  async send(accessToken: string, vehicle: CloudVehicle, command: Command): Promise<string | null> {
    const call = euCommand(command, Boolean(vehicle.meta.ccs2), vehicle.id, this.dialect);
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
    if (this.o.variant) return this.flatStatus(accessToken, vehicle, 'status/latest');
    const envelope = await this.spa.request({ method: 'GET', path: `/api/v1/spa/vehicles/${vehicle.id}/status/latest`, accessToken });
    const info = (envelope.resMsg as { vehicleStatusInfo?: unknown } | undefined)?.vehicleStatusInfo;
    if (!info) throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no status for this car');
    return { state: cloudStatus('eu', info) };
  }

  /** Forced legacy read: the fresh status and location, with the odometer from the cloud's copy. */
  private async legacyForce(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    if (this.o.variant) return this.flatStatus(accessToken, vehicle, 'status');
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

  /**
   * A variant's legacy status: cached (`status/latest`) and forced (`status`) both answer the flat
   * status in `resMsg`; the parked location comes from `location/park` (`coord`, older servers
   * `gpsDetail`), India's odometer from its own path. An extra that fails to load stays empty
   * instead of failing the read.
   */
  private async flatStatus(accessToken: string, vehicle: CloudVehicle, path: 'status' | 'status/latest'): Promise<CloudStatus> {
    const variant = this.o.variant as CcspVariant;
    const base = `/api/v1/spa/vehicles/${vehicle.id}`;
    const envelope = await this.spa.request({ method: 'GET', path: `${base}/${path}`, accessToken, wakesCar: path === 'status' });
    const status = envelope.resMsg as { odometer?: unknown } | undefined;
    if (!status || typeof status !== 'object') throw new VehicleError('CLOUD_UNAVAILABLE', 'The cloud returned no status for this car');
    const extra = (path: string) =>
      this.spa.request({ method: 'GET', path: `${base}/${path}`, accessToken }).then(
        (answer) => answer.resMsg as Record<string, unknown> | undefined,
        (err: unknown) => {
          if (isTokenExpiredError(err)) throw err;
          return undefined;
        },
      );
    const park = await extra('location/park');
    const location = park?.coord ? park : (park?.gpsDetail ?? null);
    const odometer = status.odometer ?? (variant.odometerPath ? (await extra(variant.odometerPath))?.odometer : undefined) ?? null;
    return { state: cloudStatus(variant.source, { vehicleStatus: status, vehicleLocation: location, odometer }) };
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
    await this.spa.request({
      method: 'GET',
      path: `/api/v1/spa/vehicles/${vehicle.id}/ccs2/carstatus`,
      accessToken,
      ccs2: true,
      wakesCar: true,
    });
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
