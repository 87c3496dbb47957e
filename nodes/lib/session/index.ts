// The token session core: usable with any cloud through an AuthStrategy (docs/contract.md §3).
export { TokenManager } from './token-manager';
export type { TokenManagerOptions } from './manager-options';
export { MemoryTokenStore } from './token-store';
export type { StoredTokens, TokenStore } from './token-store';
export { FileTokenStore } from './file-token-store';
export type { FileTokenStoreOptions } from './file-token-store';
export { CircuitBreaker, DEFAULT_CIRCUIT } from './circuit-breaker';
export type { CircuitOptions, CircuitTicket } from './circuit-breaker';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export { refreshAt, hardAt, phaseOf, MAX_TIMER_MS, SAFETY_CHECK_MS } from './refresh-schedule';
export type { TokenPhase, TimerApi } from './refresh-schedule';
export { percentile } from './stats';
