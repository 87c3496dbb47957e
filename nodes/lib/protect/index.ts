// Everything one session does to protect the car and the cloud account, in one object shared by every
// Account of the session (the cloud's quota and the car's battery are per cloud login, not per node):
// the daily budget, the forced-read governor, the last known state of each car (kept on disk), the
// session events, and the cached-read poll.
import { EventEmitter } from 'node:events';
import type { TokenStatus, VehicleInfo, VehicleState } from '../types';
import { DailyBudget } from './budget';
import { emptyMemory, type CarMemoryFile, type KnownState, type Remembered } from './car-memory';
import { ForceGovernor } from './force-governor';
import type { Protection } from './options';
import { SessionEvents } from './session-events';

export { checkProtectionOptions, resolveProtection, parseQuietHours, DEFAULT_DAILY_BUDGET } from './options';
export type { ProtectionOptions, Protection } from './options';
export { EncryptedCarMemoryFile, NO_FILE } from './car-memory';
export type { KnownState, CarMemoryFile } from './car-memory';
export type { SessionEvent } from './session-events';
export type { BudgetStatus } from './budget';
export type { Refusal } from './force-governor';

export interface StateUpdate {
  vehicle: VehicleInfo;
  state: VehicleState;
}

/**
 * Emits 'event' (SessionEvent) for flows and the dialog, 'update' (StateUpdate) when a read brings a
 * car state that differs from the last known one, and 'budget' when the budget changes.
 */
export class SessionProtection extends EventEmitter {
  readonly budget: DailyBudget;
  readonly governor: ForceGovernor;
  readonly events: SessionEvents;
  private memory: Remembered = emptyMemory();
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling: Promise<void> | null = null;
  private polledOnce = new Set<string>();
  /** Each car's last state as JSON: one serialisation per read to tell whether it changed. */
  private readonly lastText = new Map<string, string>();
  private closed = false;

  constructor(
    readonly rules: Protection,
    readonly now: () => number,
    private readonly file: CarMemoryFile,
    failureAttempts: () => number | undefined = () => undefined,
  ) {
    super();
    this.setMaxListeners(0);
    this.events = new SessionEvents(now, (e) => this.emit('event', e), failureAttempts);
    this.budget = new DailyBudget(
      rules.dailyBudget,
      now,
      (e) => {
        const { event, ...details } = e;
        this.events.add(event, event === 'rate-limited' ? { code: 'RATE_LIMITED', ...details } : details);
      },
      () => {
        this.emit('budget', this.budget.status());
        this.save();
      },
    );
    this.governor = new ForceGovernor(rules, now);
  }

  /** Reads what the last run remembered. */
  async load(): Promise<void> {
    const remembered = await this.file.load();
    this.memory = { ...remembered, cars: { ...remembered.cars, ...this.memory.cars } };
    this.governor.restore(remembered.forcedAt);
    if (remembered.budget) this.budget.restore(remembered.budget);
  }

  observeSession(status: TokenStatus): void {
    this.events.observe(status);
  }

  known(carId: string): KnownState | null {
    return this.memory.cars[carId] ?? null;
  }

  knownCars(): KnownState[] {
    return Object.values(this.memory.cars);
  }

  /**
   * A good state from the cloud: kept, and told to update listeners when it changed. It is written to
   * disk when it changed (and on close): the same answer again costs no encrypted write on the read path.
   */
  remember(vehicle: VehicleInfo, state: VehicleState, fromPoll = false): void {
    const before = this.memory.cars[vehicle.id];
    this.memory.cars[vehicle.id] = { vehicle, state, receivedAt: this.now() };
    const text = JSON.stringify(state);
    const changed = !before || this.lastText.get(vehicle.id) !== text;
    this.lastText.set(vehicle.id, text);
    if (changed) this.save();
    const firstPoll = fromPoll && !this.polledOnce.has(vehicle.id);
    if (fromPoll) this.polledOnce.add(vehicle.id);
    if (firstPoll || changed) this.emit('update', { vehicle, state } satisfies StateUpdate);
  }

  forceAttempted(carId: string): void {
    this.governor.attempted(carId);
    this.save();
  }

  /** Runs `poll` now and then every `pollMs`, one at a time; nothing when polling is off. */
  startPolling(poll: () => Promise<void>): void {
    if (this.rules.pollMs <= 0 || this.closed) return;
    const run = (): void => {
      this.pollTimer = null;
      if (this.closed) return;
      this.polling = poll()
        .catch(() => undefined)
        .finally(() => {
          this.polling = null;
          if (!this.closed) this.pollTimer = setTimeout(run, this.rules.pollMs);
        });
    };
    this.pollTimer = setTimeout(run, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.polling;
    await this.save();
  }

  private save(): Promise<void> {
    const memory: Remembered = { cars: this.memory.cars, forcedAt: this.governor.snapshot(), budget: this.budget.snapshot() };
    return this.file.save(memory).catch(() => undefined);
  }
}
