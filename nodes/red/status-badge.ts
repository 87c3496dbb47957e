// The badge under every action node, from two sources: the account's session ('state' events) and
// the node's own work. Precedence, highest first:
//   red ring     enter the code sent by email / SMS   a sign-in waits for a one-time code (Kia USA)
//   yellow ring  refreshing token            the session is refreshing (a message may be waiting on it)
//   blue ring    waiting for car             a message of this node is in flight
//   red ring     re-login required / login failed   the account needs the user
//   grey ring    circuit open / rate limited the session pauses calls to the cloud (or to the car)
//   own outcome  green dot result / grey ring passing failure / red ring failure of the last message
//   green dot    ready
import type { Node, NodeStatus } from 'node-red';
import type { Account, ErrorCode, TokenStatus, VehicleError } from '../lib';

/** The text of a badge key: under `status.` of the node's own catalogue, or of the shared texts. */
export type Translate = (key: string, params: BadgeParams | undefined, shared: boolean) => string;
export type BadgeParams = Record<string, string | number>;

/**
 * A badge text: a key under `<node type>.status.` in the node's locale catalogue, or, when `shared`,
 * under the texts every node shows alike (nodes/red/shared-texts.ts).
 */
export interface BadgeText {
  key: string;
  params?: BadgeParams;
  /** A dot when the car confirmed, a ring when the result is only "sent". */
  shape?: 'dot' | 'ring';
  shared?: boolean;
}

type Fill = NonNullable<NodeStatus['fill']>;
/** The session's badges and the failures are the same for every node: shared unless it says otherwise. */
interface Badge {
  fill: Fill;
  shape: 'dot' | 'ring';
  key: string;
  params?: BadgeParams;
  shared?: boolean;
}

/**
 * Failures that mean "paused" rather than "broken", and the one that means "the user must act".
 * A passing failure (the cloud could not be reached, a refresh failed for now) is grey: red is kept
 * for what needs the user.
 */
const FAILURE_BADGES: Partial<Record<ErrorCode, Badge>> = {
  AUTH_FAILED: { fill: 'red', shape: 'ring', key: 'loginFailed' },
  TOKEN_REFRESH_FAILED: { fill: 'grey', shape: 'ring', key: 'error.TOKEN_REFRESH_FAILED' },
  CLOUD_UNAVAILABLE: { fill: 'grey', shape: 'ring', key: 'error.CLOUD_UNAVAILABLE' },
  RATE_LIMITED: { fill: 'grey', shape: 'ring', key: 'rateLimited' },
  CIRCUIT_OPEN: { fill: 'grey', shape: 'ring', key: 'circuitOpen' },
};

/** Failures a later successful token refresh cures. */
const SESSION_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'AUTH_FAILED',
  'TOKEN_REFRESH_FAILED',
  'CLOUD_UNAVAILABLE',
  'CIRCUIT_OPEN',
]);

export class StatusBadge {
  private session: TokenStatus | undefined;
  private busy = 0;
  private outcome: Badge | undefined;
  private failure: { code: ErrorCode; refreshCount: number } | undefined;
  private shown = '';
  private closed = false;
  private readonly onState = (status: TokenStatus): void => this.sessionChanged(status);

  constructor(
    private readonly node: Node,
    private readonly account: Account | undefined,
    private readonly translate: Translate,
    /** While a message is in flight: 'reading' (a read) or 'waiting' (for the car to act). */
    private readonly busyKey: 'reading' | 'waiting' = 'waiting',
  ) {
    if (account) {
      this.session = account.tokenStatus();
      account.on('state', this.onState);
    }
    node.on('close', () => this.close());
    this.render();
  }

  /** A message started its call. */
  working(): void {
    this.busy += 1;
    this.outcome = undefined;
    this.failure = undefined;
    this.render();
  }

  succeeded(text: BadgeText): void {
    this.busy = Math.max(0, this.busy - 1);
    this.outcome = { fill: 'green', shape: text.shape ?? 'dot', key: text.key, params: text.params, shared: text.shared ?? false };
    this.failure = undefined;
    this.render();
  }

  /** `started` says whether working() was called for this message. */
  failed(err: VehicleError, started: boolean): void {
    if (started) this.busy = Math.max(0, this.busy - 1);
    this.outcome = FAILURE_BADGES[err.code] ?? { fill: 'red', shape: 'ring', key: `error.${err.code}` };
    this.failure = { code: err.code, refreshCount: this.session?.refreshCount ?? 0 };
    this.render();
  }

  close(): void {
    this.closed = true;
    this.account?.off('state', this.onState);
  }

  private sessionChanged(status: TokenStatus): void {
    this.session = status;
    const cured =
      this.failure &&
      SESSION_CODES.has(this.failure.code) &&
      status.state === 'ready' &&
      status.circuit === 'closed' &&
      status.refreshCount > this.failure.refreshCount;
    if (cured) {
      this.outcome = undefined;
      this.failure = undefined;
    }
    this.render();
  }

  private current(): Badge {
    const session = this.session;
    // The sign-in waits for the one-time code the user must type into the account dialog.
    if (session?.state === 'otp-required') {
      return { fill: 'red', shape: 'ring', key: this.account?.pendingOtpMethod() === 'sms' ? 'otpRequiredSms' : 'otpRequiredEmail' };
    }
    if (session?.state === 'refreshing') return { fill: 'yellow', shape: 'ring', key: 'refreshing' };
    if (this.busy > 0) return { fill: 'blue', shape: 'ring', key: this.busyKey };
    if (session?.state === 'reauth-required') return { fill: 'red', shape: 'ring', key: 'reloginRequired' };
    if (session?.state === 'error' && session.lastError?.code === 'AUTH_FAILED') {
      return { fill: 'red', shape: 'ring', key: 'loginFailed' };
    }
    if (session?.circuit === 'open') return { fill: 'grey', shape: 'ring', key: 'circuitOpen' };
    // The day's budget is spent (or the cloud said so): the account pauses what would reach the car.
    const budget = session?.budget;
    if (budget && budget.used >= budget.limit && Date.parse(budget.resetsAt) > Date.now())
      return { fill: 'grey', shape: 'ring', key: 'rateLimited' };
    return this.outcome ?? { fill: 'green', shape: 'dot', key: 'ready' };
  }

  private render(): void {
    if (this.closed) return;
    const badge = this.current();
    const status: NodeStatus = {
      fill: badge.fill,
      shape: badge.shape,
      text: this.translate(badge.key, badge.params, badge.shared ?? true),
    };
    const key = JSON.stringify(status);
    if (key === this.shown) return;
    this.shown = key;
    this.node.status(status);
  }
}
