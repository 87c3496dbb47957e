// The EU answer shapes (cloud-protocol.md 1.4, 1.12) with the HTTP statuses of section 7.6. Where
// the document marks a status as uncertain, the choice is noted beside it.
import { randomUUID } from 'node:crypto';
import { json, Reply } from './http-types';

/** SPA success; `msgId` is the action id of a command. */
export function spaOk(resMsg?: unknown, msgId: string = randomUUID()): Reply {
  return json(200, resMsg === undefined ? { retCode: 'S', resCode: '0000', msgId } : { retCode: 'S', resCode: '0000', resMsg, msgId });
}

export function spaFail(status: number, resCode: string, resMsg: string): Reply {
  return json(status, { retCode: 'F', resCode, resMsg, msgId: randomUUID() });
}

export const euErrors = {
  /** Status assumed 400 (document: "likely 400"). */
  invalidDevice: () => spaFail(400, '4002', 'Invalid request body - Invalid deviceId.'),
  /** A body the cloud cannot use; the real cloud files these under 4002 "Invalid request body" too. */
  invalidBody: (detail: string) => spaFail(400, '4002', `Invalid request body - ${detail}`),
  /** Status assumed 400 (document: "likely 400"). */
  duplicate: () => spaFail(400, '4004', 'Duplicate request - Duplicate request'),
  /** Status assumed 400. */
  unsupported: () => spaFail(400, '4005', 'Unsupported control request - Vehicle is not Supported'),
  appId: () => spaFail(401, '4017', 'Invalid request value - Invalid Application Id.'),
  /** Status assumed 400. */
  timeout: () => spaFail(400, '4081', 'Request timeout - Request timeout'),
  /** Status assumed 500. */
  undefinedError: () => spaFail(500, '9999', 'Undefined Error - Response timeout'),
  quota: () => spaFail(509, '5091', 'Exceeds number of requests - Exceeds Number of Requests.'),
  /** A read or command on a car the account does not have. Status assumed 400. */
  noVehicle: () => spaFail(400, '5921', 'No Data Found v2 - No Data Found v2'),
  /** A command that needs the PIN control token, sent with the access token. */
  controlTokenRequired: () => json(401, { errId: randomUUID(), errCode: '4010', errMsg: 'Require authentication' }),
};

/** The API gateway in front of the SPA API answers token problems without an envelope. */
export function gatewayExpired(message: string): Reply {
  return json(401, { error: message });
}

export function gatewayUnknownToken(): Reply {
  return json(401, { error: 'Key not authorized: Invalid access token' });
}

/** User API (`/api/v1/user/...`) failure shape. */
export function userApiError(status: number, errCode: string, errMsg: string, errBody: unknown = null): Reply {
  return json(status, { errId: randomUUID(), errCode, errMsg, errBody });
}

/** The identity server's wrapper around a rejected grant (HKC #894, #927: HTTP 400). */
export function idpRejected(innerCode = '4002', innerMessage = 'Invalid parameters'): Reply {
  const inner = { errId: randomUUID(), errCode: innerCode, errMsg: innerMessage, errBody: null };
  return json(400, {
    retId: randomUUID(),
    retCode: 7501,
    retMsg: 'Received unexpected statusCode',
    retSubMsg: JSON.stringify(inner),
    retValue: null,
  });
}
