// Hands every answer's headers (errors included) to whoever listens: the session's budget reads the
// cloud's `X-RateLimit-*` there. The tap is set on the client's axios instance before the session
// exists, so the listener is attached later.
import type { AxiosInstance } from 'axios';

export interface HeaderTap {
  listener: ((headers: unknown) => void) | null;
}

export function tapHeaders(http: AxiosInstance): HeaderTap {
  const tap: HeaderTap = { listener: null };
  const tell = (headers: unknown): void => {
    try {
      tap.listener?.(headers);
    } catch {
      // Reading headers must never fail a call.
    }
  };
  http.interceptors.response.use(
    (response) => {
      tell(response.headers);
      return response;
    },
    (error: unknown) => {
      tell((error as { response?: { headers?: unknown } })?.response?.headers);
      return Promise.reject(error);
    },
  );
  return tap;
}
