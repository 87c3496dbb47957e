// One axios instance for every session with the same settings (each request carries its own URL and
// headers; nothing is set on the instance, and an instance with axios-retry costs about 5.6 KB of heap).
// Reads are retried on transient errors by axios-retry; commands and token calls never are, because a
// POST that may have reached the car (or rotated a refresh token) must not be sent twice
// (docs/research/token-reliability.md, pitfalls 1, 2, 5).
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import axiosRetry, { isNetworkError } from 'axios-retry';
import { classifyError, parseRetryAfter } from '../errors';

export interface HttpOptions {
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Retries for idempotent reads (default 2). */
  readRetries?: number;
  /** Upper bound for one retry delay, Retry-After included (default 10 s). */
  maxRetryDelayMs?: number;
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Retry only GETs, only on network errors, timeouts or a transient status whose body is not a
 * definite answer of the cloud (a quota, a sleeping car or a busy car does not get better by asking
 * again at once, and asking again costs quota).
 */
export function isRetryableRead(error: AxiosError): boolean {
  const method = (error.config?.method ?? 'get').toLowerCase();
  if (method !== 'get') return false;
  // A hung cloud: one more try, not two, so a read gives up within about two request timeouts.
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return retriesSoFar(error) < 1;
  if (!error.response) return isNetworkError(error) || error.code === 'ECONNRESET';
  if (!TRANSIENT_STATUS.has(error.response.status)) return false;
  return classifyError(error).code === 'CLOUD_UNAVAILABLE';
}

function retriesSoFar(error: AxiosError): number {
  const state = (error.config as { 'axios-retry'?: { retryCount?: number } } | undefined)?.['axios-retry'];
  return state?.retryCount ?? 0;
}

/** Per-request setting for reads that wake the car: never repeated behind the user's back. */
export const NO_RETRY = { 'axios-retry': { retries: 0 } } as const;

/** What the cloud clients call: a shared instance, or a session's view of it (protect/rate-headers.ts). */
export type Http = Pick<AxiosInstance, 'get' | 'post' | 'put' | 'request'>;

const shared = new Map<string, AxiosInstance>();

/** The shared instance for these settings (made on first use). */
export function createHttp(options: HttpOptions = {}): AxiosInstance {
  // Keyed by the settings in force, defaults filled in: the account's explicit 30 s is the default's instance.
  const key = [options.timeoutMs ?? 30_000, options.readRetries ?? 2, options.maxRetryDelayMs ?? 10_000].join('|');
  let http = shared.get(key);
  if (!http) {
    http = newHttp(options);
    shared.set(key, http);
  }
  return http;
}

function newHttp(options: HttpOptions): AxiosInstance {
  const maxDelay = options.maxRetryDelayMs ?? 10_000;
  const http = axios.create({
    timeout: options.timeoutMs ?? 30_000,
    // Every status reaches the caller as a response or an AxiosError; the clients map bodies themselves.
    validateStatus: (status) => status >= 200 && status < 300,
    maxRedirects: 0,
  });
  axiosRetry(http, {
    retries: options.readRetries ?? 2,
    retryCondition: isRetryableRead,
    shouldResetTimeout: true,
    retryDelay: (retryCount, error) => {
      const retryAfter = parseRetryAfter(error.response?.headers?.['retry-after']);
      const exponential = Math.random() * Math.min(maxDelay, 500 * 2 ** retryCount);
      return Math.min(maxDelay, retryAfter !== undefined ? retryAfter * 1000 : exponential);
    },
  });
  return http;
}

/** Joins a base URL and a path without doubling or losing the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
