// The library logs through Node-RED's log: a node's own methods where a node owns the account (its
// lines then carry the node's id and name, and warn/error reach the debug sidebar), the runtime log
// with a prefix where no node exists yet (the "Test login" button).
import type { Node } from 'node-red';
import type { Logger } from '../lib';
import type { RED } from './types';

export function nodeLogger(node: Node): Logger {
  return {
    debug: (message) => node.debug(message),
    info: (message) => node.log(message),
    warn: (message) => node.warn(message),
    error: (message) => node.error(message),
  };
}

export function runtimeLogger(RED: RED, prefix: string): Logger {
  return {
    debug: (message) => RED.log.debug(`${prefix} ${message}`),
    info: (message) => RED.log.info(`${prefix} ${message}`),
    warn: (message) => RED.log.warn(`${prefix} ${message}`),
    error: (message) => RED.log.error(`${prefix} ${message}`),
  };
}
