// The HTTP side: one loopback server answers every path of every simulated host. It tolerates what
// real gateways tolerate (doubled slashes, JSON or form bodies), applies the injected latency and
// failures, counts calls per route, and hands a parsed request to the route that matches.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { RouteContext, Reply, Route } from './http-types';
import { bump } from './counters';
import { ANSWER_FAULTS, takeFailure, type AnswerFault } from './faults';
import type { World } from './world';
import { withRateHeaders } from './rate-headers';

const MAX_BODY_BYTES = 1_000_000;

interface Match {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: Route[], method: string, path: string): Match | undefined {
  const segments = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.pattern.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segments[i]);
        return true;
      }
      return part === segments[i];
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/** Real gateways forgive `//api/v1//spa`: so does the simulator. */
export function normalisePath(rawPath: string): string {
  const collapsed = rawPath.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** JSON when it parses as JSON, else a form (`a=1&b=2`); clients differ in what they send. */
export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | null {
  const text = raw.trim();
  if (!text) return {};
  const looksJson = text.startsWith('{') || text.startsWith('[') || (contentType ?? '').includes('json');
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let payload = '';
  if (typeof reply.body === 'string') {
    payload = reply.body;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json;charset=UTF-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** The answer to an injected failure, per platform (cloud-protocol.md 7.5). */
function failureReply(kind: '5031' | '5xx' | 'malformed', path: string): Reply {
  if (kind === 'malformed') return { status: 200, body: {} };
  if (kind === '5xx') return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
  if (path.startsWith('/ac/') || path.startsWith('/v2/ac/')) {
    return {
      status: 502,
      body: {
        errorSubCode: 'GEN',
        systemName: 'HATA',
        functionName: 'remoteVehicleStatus',
        errorSubMessage: 'HATA remoteVehicleStatus service failed while performing the operation RemoteVehicleStatus',
        errorMessage: "We're sorry, but we could not complete your request. Please try again later.",
        errorCode: 502,
        serviceName: 'RemoteVehicleStatus',
      },
    };
  }
  return {
    status: 503,
    body: { retCode: 'F', resCode: '5031', resMsg: 'Unavailable remote control - Service Temporary Unavailable', msgId: '' },
  };
}

/** The route's answer as a broken gateway or a captive portal would hand it over. */
function garbled(kind: AnswerFault, reply: Reply): Reply {
  if (kind === 'empty') return { status: 200, body: '', headers: { 'content-type': 'application/json' } };
  if (kind === 'html')
    return { status: 200, body: '<html><head><title>Sign in to the network</title></head><body>Accept the terms</body></html>' };
  if (kind === 'foreign') return { status: 200, body: { status: 'ok', data: [] } };
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
  return { status: 200, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))), headers: { 'content-type': 'application/json' } };
}

export interface ServerDeps {
  world: World;
  routes: Route[];
  /** Answers `/__sim/...`; never delayed, failed or counted. */
  control: (method: string, path: string, body: Record<string, unknown>) => Reply;
}

export function createSimServer({ world, routes, control }: ServerDeps): { server: Server; setBaseUrl: (url: string) => void } {
  let baseUrl = '';
  const delay = (ms: number) => new Promise<void>((resolve) => world.schedule(resolve, ms));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Not `new URL(req.url, base)`: it would read `//api/...` as a host name.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = normalisePath(queryAt < 0 ? target : target.slice(0, queryAt));
    const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const body = parseBody(raw, req.headers['content-type']);

    if (path.startsWith('/__sim/')) {
      send(res, control(method, path, body ?? {}));
      return;
    }
    if (world.options.latencyMs > 0) await delay(world.options.latencyMs);

    const failure = takeFailure(world.faults, path);
    if (failure) {
      world.counters.injectedFailures += 1;
      if (failure === 'reset') {
        req.socket.destroy();
        return;
      }
      if (failure === 'hang') return; // the socket stays open until the client or close() ends it
      if (failure !== 'truncated') {
        const answer = (ANSWER_FAULTS as readonly string[]).includes(failure)
          ? garbled(failure as AnswerFault, { status: 200 })
          : failureReply(failure as '5031' | '5xx' | 'malformed', path);
        send(res, answer);
        return;
      }
    }

    const match = matchRoute(routes, method, path);
    if (!match) {
      send(res, { status: 404, body: { error: 'Not Found' } }); // no path echoed: it may hold a VIN
      return;
    }
    const key = `${method} ${match.route.pattern.replace(':ver', match.params.ver ?? ':ver')}`;
    bump(world.counters.apiCalls, key);
    if (body === null) {
      send(res, { status: 400, body: { retCode: 'F', resCode: '4000', resMsg: 'Invalid request body - malformed JSON', msgId: '' } });
      return;
    }
    const ctx: RouteContext = { world, method, path, params: match.params, query, headers: req.headers, body, baseUrl };
    const reply = withRateHeaders(world, path, await match.route.handler(ctx));
    send(res, failure ? garbled(failure as AnswerFault, reply) : reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      send(res, { status: 500, body: { error: 'simulator error', message: error instanceof Error ? error.message : String(error) } });
    });
  });
  return { server, setBaseUrl: (value) => (baseUrl = value) };
}
