// US Hyundai / Genesis Blue Link (cloud-protocol.md 2): vehicles, status (REFRESH header picks cached
// or forced), commands answering with a transaction id in a response header, getRunningStatus.
import type { AxiosResponse, Method } from 'axios';
import { VehicleError, toVehicleError } from '../../errors';
import { INPUT_RANGES } from '../../ranges';
import type { ActionResult, Brand, VehicleType } from '../../types';
import { answerObject, cloudStatus, unreadableAnswer } from '../answers';
import { NO_RETRY, joinUrl, type Http } from '../http';
import type { CloudClient, CloudStatus, CloudVehicle, Command, CommandKind } from '../types';
import { UsAuthStrategy } from './auth';

export interface UsClientOptions {
  http: Http;
  brand: Brand;
  apiBaseUrl?: string;
  credentials: { username?: string; password?: string; pin?: string };
  now: () => number;
}

const DEFAULT_BASE = 'https://api.telematics.hyundaiusa.com';
const TYPES: Record<string, VehicleType> = { E: 'EV', P: 'PHEV', H: 'HEV', N: 'ICE' };
const RUNNING: Record<string, ActionResult['result']> = { PENDING: 'pending', SUCCESS: 'success', ERROR: 'failed', FAILED: 'failed' };
const UNSUPPORTED: Partial<Record<CommandKind, string>> = {
  setWindows: 'US Blue Link has no window control',
  openChargePort: 'US Blue Link has no charge port control',
  closeChargePort: 'US Blue Link has no charge port control',
  setChargingCurrent: 'US Blue Link cannot set the charging current',
};

interface EnrolledVehicle {
  regid?: string;
  nickName?: string;
  vin?: string;
  evStatus?: string;
  modelCode?: string;
  vehicleGeneration?: string;
  odometer?: string | number;
}

export class UsClient implements CloudClient {
  readonly strategy: UsAuthStrategy;
  readonly climate = { ...INPUT_RANGES.temperature.F, unit: 'F' as const };
  private readonly base: string;
  private readonly staticHeaders: Record<string, string>;

  constructor(private readonly o: UsClientOptions) {
    if (o.brand === 'kia') throw new VehicleError('CONFIG_INVALID', 'Kia USA speaks its own protocol: use KiaUsClient');
    this.base = o.apiBaseUrl ?? DEFAULT_BASE;
    this.staticHeaders = {
      'content-type': 'application/json;charset=UTF-8',
      from: 'SPA',
      to: 'ISS',
      language: '0',
      offset: String(-new Date().getTimezoneOffset() / 60),
      refresh: 'false',
      encryptFlag: 'false',
      brandIndicator: o.brand === 'genesis' ? 'G' : 'H',
      client_id: 'm66129Bb-em93-SPAHYN-bZ91-am4540zp19920',
      clientSecret: 'v558o935-6nne-423i-baa8',
    };
    this.strategy = new UsAuthStrategy({
      http: o.http,
      base: this.base,
      brandName: o.brand,
      headers: this.staticHeaders,
      username: o.credentials.username,
      password: o.credentials.password,
      now: o.now,
    });
  }

  async vehicles(accessToken: string): Promise<CloudVehicle[]> {
    const username = encodeURIComponent(this.o.credentials.username ?? '');
    const response = await this.call('GET', `/ac/v2/enrollment/details/${username}`, accessToken);
    const list = answerObject(response.data)?.enrolledVehicleDetails;
    if (!Array.isArray(list)) throw unreadableAnswer('the car list request');
    return (list as Array<{ vehicleDetails?: EnrolledVehicle }>)
      .map((entry) => entry.vehicleDetails)
      .filter((v): v is EnrolledVehicle => Boolean(v?.vin))
      .map((v) => ({
        id: v.regid ?? v.vin ?? '',
        vin: v.vin ?? '',
        name: v.nickName || v.modelCode || v.vin || '',
        model: v.modelCode ?? '',
        type: TYPES[String(v.evStatus ?? 'N').toUpperCase()] ?? 'ICE',
        protocol: 'us-hyundai',
        meta: { regid: v.regid ?? '', generation: v.vehicleGeneration ?? '2', details: v },
      }));
  }

  readCached(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    return this.status(accessToken, vehicle, false);
  }

  readForce(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus> {
    return this.status(accessToken, vehicle, true);
  }

  unsupported(vehicle: CloudVehicle, command: CommandKind): string | null {
    const electric = vehicle.type === 'EV' || vehicle.type === 'PHEV';
    if (!electric && ['startCharge', 'stopCharge', 'setChargeTargets'].includes(command))
      return `${vehicle.type} cars have no charging commands`;
    return UNSUPPORTED[command] ?? null;
  }

  async send(accessToken: string, vehicle: CloudVehicle, command: Command): Promise<string | null> {
    const { path, body } = this.commandCall(vehicle, command);
    const response = await this.call('POST', path, accessToken, vehicle, body);
    const headers = response.headers as Record<string, string | undefined>;
    const id = headers.tmstid ?? headers.transactionid ?? headers.xid;
    // Success is 200 with the transaction id in a header (cloud-protocol.md 2.3); without one nothing shows the cloud took it.
    if (!id) throw unreadableAnswer('the command', { maybeSent: true, httpStatus: response.status });
    return id;
  }

  async actionStatus(accessToken: string, vehicle: CloudVehicle, actionId: string): Promise<ActionResult['result']> {
    const response = await this.call('GET', '/ac/v2/rmt/getRunningStatus', accessToken, vehicle, undefined, {
      tid: actionId,
      login_id: this.o.credentials.username ?? '',
      service_type: 'REMOTE_POLL',
    });
    const status = String((response.data as { status?: string } | undefined)?.status ?? '').toUpperCase();
    return RUNNING[status] ?? 'unknown';
  }

  private async status(accessToken: string, vehicle: CloudVehicle, force: boolean): Promise<CloudStatus> {
    const response = await this.call(
      'GET',
      '/ac/v2/rcs/rvs/vehicleStatus',
      accessToken,
      vehicle,
      undefined,
      { REFRESH: String(force) },
      force,
    );
    const vehicleStatus = answerObject(response.data)?.vehicleStatus;
    if (!vehicleStatus) throw unreadableAnswer('the status request');
    return { state: cloudStatus('us-hyundai', { vehicleStatus, vehicleDetails: vehicle.meta.details }) };
  }

  private commandCall(vehicle: CloudVehicle, command: Command): { path: string; body: Record<string, unknown> } {
    const who = { userName: this.o.credentials.username ?? '', vin: vehicle.vin };
    const ev = vehicle.type === 'EV';
    switch (command.kind) {
      case 'lock':
        return { path: '/ac/v2/rcs/rdo/off', body: who };
      case 'unlock':
        return { path: '/ac/v2/rcs/rdo/on', body: who };
      case 'startClimate': {
        const climate = {
          airCtrl: 1,
          airTemp: { value: String(command.temperature), unit: 1 },
          defrost: command.defrost,
          heating1: command.heating ? 1 : 0,
          igniOnDuration: command.durationMinutes,
        };
        return ev
          ? { path: '/ac/v2/evc/fatc/start', body: climate }
          : { path: '/ac/v2/rcs/rsc/start', body: { Ims: 0, ...climate, username: who.userName, vin: vehicle.vin } };
      }
      case 'stopClimate':
        return { path: ev ? '/ac/v2/evc/fatc/stop' : '/ac/v2/rcs/rsc/stop', body: {} };
      case 'startCharge':
        return { path: '/ac/v2/evc/charge/start', body: {} };
      case 'stopCharge':
        return { path: '/ac/v2/evc/charge/stop', body: {} };
      case 'setChargeTargets':
        return {
          path: '/ac/v2/evc/charge/targetsoc/set',
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

  private async call(
    method: Method,
    path: string,
    accessToken: string,
    vehicle?: CloudVehicle,
    body?: unknown,
    extra: Record<string, string> = {},
    wakesCar = false,
  ): Promise<AxiosResponse> {
    const headers: Record<string, string> = {
      ...this.staticHeaders,
      username: this.o.credentials.username ?? '',
      accessToken,
      blueLinkServicePin: this.o.credentials.pin ?? '',
      ...extra,
    };
    if (vehicle) {
      headers.registrationId = String(vehicle.meta.regid ?? '');
      headers.gen = String(vehicle.meta.generation ?? '2');
      headers.vin = vehicle.vin;
      headers['APPCLOUD-VIN'] = vehicle.vin;
    }
    try {
      const response = await this.o.http.request({
        method,
        url: joinUrl(this.base, path),
        headers,
        data: body,
        ...(wakesCar ? NO_RETRY : {}),
      });
      // Errors can come back as 200 with an errorCode body (cloud-protocol.md 2.4).
      if (response.data && typeof response.data === 'object' && 'errorCode' in response.data) {
        throw toVehicleError({ response: { status: response.status, data: response.data } });
      }
      return response;
    } catch (err) {
      throw toVehicleError(err);
    }
  }
}
