import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './openapi';

export type { components, operations, paths } from './openapi';
export { signIn, SignInError, type SignInOptions, type Tokens } from './sign-in';

/**
 * The CRM's typed API client: openapi-fetch over the types generated from docs/openapi.json (`npm run openapi` writes
 * both), so every path, parameter, body and answer is checked by the compiler. Never throws on an HTTP status: each
 * call answers `{ data, error, response }` — `error` is the RFC 9457 problem.
 *
 *   const tokens = await signIn({ endpoint, clientId, username, password });
 *   const crm = createCrmClient({ baseUrl, token: () => tokens.idToken });
 *   const { data, error } = await crm.GET('/v1/customers/{customerId}', { params: { path: { customerId } } });
 */
export interface CrmClientOptions {
  /** The API's base URL: the local gateway (`npm start` prints it) or the stage's ApiUrl output. */
  readonly baseUrl: string;
  /** The ID token to send, read per request (so a refreshed one is used); absent: no Authorization header. */
  readonly token?: () => string | undefined | Promise<string | undefined>;
  /** A `fetch` to use instead of the global one. */
  readonly fetch?: typeof fetch;
}

export type CrmClient = Client<paths>;

export const createCrmClient = (options: CrmClientOptions): CrmClient => {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const bearer: Middleware = {
    async onRequest({ request }) {
      const token = await options.token?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
};
