// Canada's answers: always HTTP 200, `responseHeader.responseCode` 0 or 1 (as an integer, a string or,
// since mid-2026, a boolean where true is failure; more-regions.md 1.2), failures under `error`.
import type { CaCloud } from './ca-cloud';
import { json, type Reply } from './http-types';

function responseCode(cloud: CaCloud, failed: boolean): number | string | boolean {
  if (cloud.responseCodeForm === 'bool') return failed;
  if (cloud.responseCodeForm === 'string') return failed ? '1' : '0';
  return failed ? 1 : 0;
}

export function caOk(cloud: CaCloud, result?: unknown, headers?: Record<string, string>): Reply {
  const body: Record<string, unknown> = { responseHeader: { responseCode: responseCode(cloud, false), responseDesc: 'Success' } };
  if (result !== undefined) body.result = result;
  return json(200, body, headers);
}

/** Texts as users logged them; Genesis 7549 comes without `errorDesc` (HKC #1169). */
const DESCRIPTIONS: Record<string, string | undefined> = {
  '7110': undefined,
  '7310': 'PIN incorrect.  Multiple incorrect attempts will require PIN reset',
  '7403': 'Your authentication has expired. Please return to the login page and enter your credentials.',
  '7404': 'The login information you entered is incorrect. Multiple incorrect login attempts may result in account lock-out.',
  '7445': 'Request could not be processed.',
  '7549': undefined,
  '7606': 'Access Token IP Validation failed.',
  '7999': 'Request failed.',
  '6459': 'Request failed.',
};

export function caFail(cloud: CaCloud, errorCode: string): Reply {
  const description = DESCRIPTIONS[errorCode];
  return json(200, {
    error: description === undefined ? { errorCode } : { errorCode, errorDesc: description },
    responseHeader: { responseCode: responseCode(cloud, true), responseDesc: 'Failure' },
  });
}
