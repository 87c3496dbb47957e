// JSON over real HTTP with Node's fetch: what the tests send to Node-RED and to the simulator.
export interface Answer {
  status: number;
  /** The parsed JSON body, the text when it is not JSON, null when empty. */
  body: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** A bearer token (Node-RED's adminAuth). */
  token?: string;
  timeoutMs?: number;
}

export async function request(method: string, url: string, options: RequestOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= typeof options.body === 'string' ? 'text/plain' : 'application/json';
  }
  const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
  const text = await response.text();
  return { status: response.status, body: parse(text), text };
}

function parse(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
