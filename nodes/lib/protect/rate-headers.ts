// Hands every answer's headers (errors included) to whoever listens: the session's budget reads the
// cloud's `X-RateLimit-*` there. The HTTP instance is shared by every session with the same settings
// (clouds/http.ts), so nothing is set on it: each session gets a thin view of it that looks at the
// headers of its own answers. The listener is attached once the session exists.
import type { Http } from '../clouds/http';

export interface HeaderTap {
  listener: ((headers: unknown) => void) | null;
}

export function tapHeaders(http: Http): { http: Http; tap: HeaderTap } {
  const tap: HeaderTap = { listener: null };
  const tell = (headers: unknown): void => {
    try {
      tap.listener?.(headers);
    } catch {
      // Reading headers must never fail a call.
    }
  };
  const seen = <T>(answer: Promise<T>): Promise<T> =>
    answer.then(
      (response) => {
        tell((response as { headers?: unknown }).headers);
        return response;
      },
      (error: unknown) => {
        tell((error as { response?: { headers?: unknown } })?.response?.headers);
        throw error;
      },
    );
  const view: Http = {
    get: (url, config) => seen(http.get(url, config)),
    post: (url, data, config) => seen(http.post(url, data, config)),
    put: (url, data, config) => seen(http.put(url, data, config)),
    request: (config) => seen(http.request(config)),
  };
  return { http: view, tap };
}
