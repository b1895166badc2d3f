/** What the local tools (seed, tests, bench) get back from the API: status, headers, and the parsed body. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when the body is empty or not JSON (see `text`). */
  readonly json: T;
  readonly text: string;
}

export interface ApiRequest {
  method: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  /** Sent as JSON (with its content type) unless it is already a string. */
  body?: unknown;
}

/** One request to the API. Never throws on an HTTP status: callers decide what a status means. */
export const requestApi = async <T = unknown>(url: string, request: ApiRequest): Promise<ApiResponse<T>> => {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  // Never followed: a redirect (the public GET /c/{token}) is the answer under test, and its target is not ours.
  const response = await fetch(url, { method: request.method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json: json as T, text };
};
