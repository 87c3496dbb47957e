export { Account } from './account';
export { createAccount } from './create';
export type { AccountOptions } from './options';
export { activeSessionCount } from './sessions';
