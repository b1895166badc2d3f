import { requestApi } from '#local/api-client';

/**
 * The bench's RAW calls, signed with a demo user's ID token: what the generic timing tables send
 * (`measure(label, method, path)`), any method and path as given. Set-up calls (arranging customers, orders…) go
 * through the typed SDK instead (./crm-client.ts). The HTTP itself is local/api-client.ts's `requestApi`, the one raw
 * fetch client the seed, the tests and the bench share; this adds the demo user's token and never throws on a status.
 */
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
    const answer = await requestApi<T>(`${apiUrl}${path}`, {
      method,
      token,
      ...(request.headers ? { headers: { ...request.headers } } : {}),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    return { status: answer.status, headers: answer.headers, json: answer.json };
  };

/** Fails the bench loudly: a figure measured on an error response would be meaningless. */
export const expectStatus = <T>(answer: ApiAnswer<T>, expected: number, what: string): ApiAnswer<T> => {
  if (answer.status !== expected) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return answer;
};
