// The library logs through the node that owns it, so its lines carry the node's id and name in
// Node-RED's log (and warn/error also reach the debug sidebar of the flows using the account).
import type { Node } from 'node-red';
import type { Logger } from '../lib';

export function nodeLogger(node: Node): Logger {
  return {
    debug: (message) => node.debug(message),
    info: (message) => node.log(message),
    warn: (message) => node.warn(message),
    error: (message) => node.error(message),
  };
}
