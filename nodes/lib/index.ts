// The library API (contract section 3): everything a flow-free user of the package needs.
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
export { startSimulator } from './simulator';
export type { SimulatorOptions, SimulatorControl, SimulatorCredentials } from './simulator';
