// The shapes routes work with: a parsed request in, a reply out. The server does the HTTP.
import type { IncomingHttpHeaders } from 'node:http';
import type { World } from './world';

export interface RouteContext {
  world: World;
  method: string;
  /** The path with doubled slashes collapsed. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** JSON or form body as an object; `{}` when empty. */
  body: Record<string, unknown>;
  /** The server's own base URL, for redirect locations. */
  baseUrl: string;
}

export interface Reply {
  status: number;
  /** An object is sent as JSON, a string as text; undefined sends an empty body. */
  body?: unknown;
  /** An array sends the header once per value (e.g. several `set-cookie`). */
  headers?: Record<string, string | string[]>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments starting with `:` are parameters, e.g. `/api/:ver/spa/vehicles/:id/status`. */
  pattern: string;
  handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

export function json(status: number, body: unknown, headers?: Record<string, string | string[]>): Reply {
  return { status, body, headers };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as Reply).status === 'number';
}

/** A body field when it is a string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A header's value, case-insensitive (Node lower-cases incoming names), first of several. */
export function header(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
