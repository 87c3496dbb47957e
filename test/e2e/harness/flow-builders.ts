// Small builders for flows driven over HTTP: http-in → node under test → http-response, a Catch node
// answering the same HTTP request, and a Status node whose badges a function keeps in flow context
// (Node-RED has no REST read of a node's status) for an http-in endpoint to read.
import type { FlowNode } from './node-red';

/** Flow context key of the badges the status recorder keeps. */
const BADGES = 'e2eBadges';

/** What the recorder keeps per badge. */
export interface RecordedBadge {
  node: string;
  fill?: string;
  shape?: string;
  text?: string;
}

export function tab(id: string, label: string): FlowNode {
  return { id, type: 'tab', label };
}

/**
 * `POST <url>` → `node` → `{ at: 'out', payload, vehicle, stale, lastUpdated, tag }`. The request body
 * becomes msg.payload (the message's overrides; an empty body becomes '', a trigger); a header `x-vehicle` becomes msg.vehicle, a header
 * `x-tag` msg.tag (a property of the caller's own, which must pass through the node).
 */
export function httpDriven(z: string, url: string, node: { id: string; type: string; [property: string]: unknown }): FlowNode[] {
  const id = node.id;
  return [
    { id: `${id}-in`, z, type: 'http in', url, method: 'post', upload: false, wires: [[`${id}-args`]] },
    { id: `${id}-args`, z, type: 'function', name: 'headers to msg', func: ARGS, outputs: 1, wires: [[id]] },
    { ...node, z, wires: [[`${id}-out`]] },
    { id: `${id}-out`, z, type: 'function', name: 'answer', func: ANSWER, outputs: 1, wires: [[`${id}-res`]] },
    { id: `${id}-res`, z, type: 'http response', statusCode: '', headers: {}, wires: [] },
  ];
}

/** A Catch node for `scope` (node ids) that answers the failed message's HTTP request with `{ at: 'caught', error, errorDetails }`. */
export function catchToHttp(z: string, id: string, scope: string[]): FlowNode[] {
  return [
    { id, z, type: 'catch', scope, uncaught: false, wires: [[`${id}-answer`]] },
    { id: `${id}-answer`, z, type: 'function', name: 'caught', func: CAUGHT, outputs: 1, wires: [[`${id}-res`]] },
    { id: `${id}-res`, z, type: 'http response', statusCode: '', headers: {}, wires: [] },
  ];
}

/** A Status node for `scope` whose badges are kept in flow context, readable at `GET <url>`. */
export function badgeRecorder(z: string, id: string, scope: string[], url: string): FlowNode[] {
  return [
    { id, z, type: 'status', scope, wires: [[`${id}-keep`]] },
    { id: `${id}-keep`, z, type: 'function', name: 'keep badge', func: KEEP_BADGE, outputs: 0, wires: [] },
    { id: `${id}-in`, z, type: 'http in', url, method: 'get', upload: false, wires: [[`${id}-read`]] },
    { id: `${id}-read`, z, type: 'function', name: 'read badges', func: READ_BADGES, outputs: 1, wires: [[`${id}-res`]] },
    { id: `${id}-res`, z, type: 'http response', statusCode: '', headers: {}, wires: [] },
  ];
}

// An empty body asks for the node as set: sent on as an empty string (a trigger), because the nodes
// refuse an object with no known key.
const ARGS = `
if (msg.payload && typeof msg.payload === 'object' && !Array.isArray(msg.payload) && Object.keys(msg.payload).length === 0) msg.payload = '';
if (msg.req.headers['x-vehicle']) msg.vehicle = msg.req.headers['x-vehicle'];
if (msg.req.headers['x-tag']) msg.tag = msg.req.headers['x-tag'];
return msg;`;

const ANSWER = `
msg.payload = { at: 'out', payload: msg.payload, vehicle: msg.vehicle, stale: msg.stale, lastUpdated: msg.lastUpdated, refused: msg.refused, tag: msg.tag };
return msg;`;

const CAUGHT = `
const error = msg.error || {};
msg.payload = { at: 'caught', error: { code: error.code, message: error.message, source: error.source }, errorDetails: msg.errorDetails, tag: msg.tag };
return msg;`;

const KEEP_BADGE = `
const badges = flow.get('${BADGES}') || [];
badges.push({ node: msg.status.source.id, fill: msg.status.fill, shape: msg.status.shape, text: msg.status.text });
flow.set('${BADGES}', badges);
return null;`;

const READ_BADGES = `
msg.payload = flow.get('${BADGES}') || [];
return msg;`;
