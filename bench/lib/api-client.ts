/** A minimal client for the local gateway: signs requests with a demo user's ID token, never throws on a status. */
export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly json: T;
}

export interface ApiRequest {
  readonly as: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ApiCall = <T = unknown>(method: string, path: string, request: ApiRequest) => Promise<ApiAnswer<T>>;

export const apiClient =
  (apiUrl: string, tokens: Readonly<Record<string, string>>): ApiCall =>
  async <T>(method: string, path: string, request: ApiRequest): Promise<ApiAnswer<T>> => {
    const token = tokens[request.as];
    if (!token) throw new Error(`no token for demo user ${request.as}`);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : undefined) as T };
  };

/** Fails the bench loudly: a figure measured on an error response would be meaningless. */
export const expectStatus = <T>(answer: ApiAnswer<T>, expected: number, what: string): ApiAnswer<T> => {
  if (answer.status !== expected) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return answer;
};
