export { Account } from './account';
export { createAccount } from './create';
export type { AccountOptions, AccountOtp } from './options';
export { activeSessionCount } from './sessions';
