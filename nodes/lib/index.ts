// The library API (contract section 3): everything a flow-free user of the package needs.
export * from './types';
export { VehicleError, isTokenExpiredError, classifyError, ERROR_CODES } from './errors';
export type { ErrorCode, ErrorClass } from './errors';
