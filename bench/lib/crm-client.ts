import { createCrmClient, type CrmClient } from '#clients/typescript/src/index';

/**
 * The bench's API client: the project's typed client (clients/typescript), signed in as a demo user with the
 * bench stack's ID tokens. One client per user, made once and reused: the per-request cost is the client's own
 * (a Request and the bearer middleware), nothing the bench adds.
 */
export const crmClients = (apiUrl: string, tokens: Readonly<Record<string, string>>): ((user: string) => CrmClient) => {
  const clients = new Map<string, CrmClient>();
  return (user) => {
    let client = clients.get(user);
    if (!client) {
      const token = tokens[user];
      if (!token) throw new Error(`no token for demo user ${user}`);
      client = createCrmClient({ baseUrl: apiUrl, token: () => token });
      clients.set(user, client);
    }
    return client;
  };
};

/** What a typed call answers (openapi-fetch): the data, or the problem, and the raw response. */
export interface TypedAnswer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The body of a typed call that answered `expected`; fails the bench loudly otherwise (a figure measured on an error would be meaningless). */
export const dataOf = async <T>(call: Promise<TypedAnswer<T>>, expected: number, what: string): Promise<T> => {
  const { data, error, response } = await call;
  if (response.status !== expected || data === undefined) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${response.status} ${JSON.stringify(error ?? data ?? null)}`);
  }
  return data;
};
