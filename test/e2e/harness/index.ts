// The end-to-end harness: a real Node-RED with this package installed, the simulator as an
// independent cloud in its own process, and flow builders for driving nodes over HTTP.
export { NodeRed } from './node-red';
export type { FlowNode, NodeRedOptions, StopOutcome } from './node-red';
export type { AdminUser } from './settings';
export { SimulatorProcess } from './simulator-process';
export { badgeRecorder, catchToHttp, httpDriven, tab } from './flow-builders';
export type { RecordedBadge } from './flow-builders';
export { request } from './http';
export type { Answer } from './http';
export { freePort } from './free-port';
