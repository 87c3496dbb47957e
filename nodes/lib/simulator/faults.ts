// The faults tests can inject (cloud-protocol.md 7.5). The routes read this state; `control.ts`
// writes it.
import type { UnreachableMode } from './options';

/**
 * `5031`: EU "service temporarily unavailable" (US: HATA GEN 502); `5xx`: a gateway error page;
 * `reset`: the connection is cut; `hang`: the request is never answered (until the client gives up);
 * `malformed`: HTTP 200 with a JSON body that answers nothing (`{}`), the request not taken.
 * The answer kinds give HTTP 200 with a body that is not the protocol's. `empty`, `html` and
 * `foreign` (nothing, a captive portal's page, someone else's JSON) come from something in between
 * that answered instead of the cloud: the request never takes effect. `truncated` lets the request
 * take effect and cuts its answer in half on the way back (a rotated refresh token is then lost).
 */
export type FailKind = '5031' | '5xx' | 'reset' | 'hang' | 'malformed' | AnswerFault;

export type AnswerFault = 'empty' | 'truncated' | 'html' | 'foreign';

export const ANSWER_FAULTS: readonly AnswerFault[] = ['empty', 'truncated', 'html', 'foreign'];

export interface PendingFailure {
  kind: FailKind;
  remaining: number;
  /** Only requests whose path contains this text fail; undefined = any request. */
  pathIncludes?: string;
}

export interface Faults {
  unreachable: UnreachableMode | null;
  failures: PendingFailure[];
  resultsStuckAtNull: boolean;
  emptyRecords: boolean;
  /** EU gateway wording: `Token is expired` (older) or `token has expired` (since about 2026-04). */
  expiryWording: 'is' | 'has';
  /** The vendor's firewall turns every sign-in away as an "abusing request" (EU identity server). */
  signInBlocked: boolean;
}

export function noFaults(): Faults {
  return { unreachable: null, failures: [], resultsStuckAtNull: false, emptyRecords: false, expiryWording: 'has', signInBlocked: false };
}

/** Takes the injected failure due for this path, if any. */
export function takeFailure(faults: Faults, path: string): FailKind | null {
  const due = faults.failures.find((failure) => failure.pathIncludes === undefined || path.includes(failure.pathIncludes));
  if (!due) return null;
  due.remaining -= 1;
  if (due.remaining <= 0) faults.failures.splice(faults.failures.indexOf(due), 1);
  return due.kind;
}

export function euExpiredMessage(faults: Faults): string {
  return faults.expiryWording === 'is' ? 'Key not authorized: Token is expired' : 'Key not authorized: token has expired';
}
