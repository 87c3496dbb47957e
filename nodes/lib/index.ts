// The library API (docs/contract.md §3): everything a flow-free user of the package needs.
import type { RunningSimulator, SimulatorOptions } from './simulator';

export * from './types';
export { VehicleError, isTokenExpiredError, classifyError, ERROR_CODES } from './errors';
export type { ErrorCode, ErrorClass } from './errors';
export { TokenManager, FileTokenStore, MemoryTokenStore } from './session';
export type { TokenManagerOptions, TokenStore, StoredTokens } from './session';
export { normalizeStatus } from './state';
export { createAccount, Account } from './account';
export type { AccountOptions, AccountOtp } from './account';
export type { OtpMethod } from './clouds/otp';
export type { SessionEvent, BudgetStatus, StateUpdate, ProtectionOptions } from './protect';
export { INPUT_RANGES, OPTION_RANGES, EDITOR_RANGES } from './ranges';
export type { SimulatorOptions, SimulatorControl, SimulatorCredentials, RunningSimulator } from './simulator';

/** The built-in simulated clouds, loaded on first use: requiring the package does not load them. */
export async function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  // require, not import(): a dynamic import() stays an ES import under TypeScript test runners.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulator = require('./simulator') as typeof import('./simulator');
  return simulator.startSimulator(options);
}
