import { createCrmClient, type CrmClient } from '#clients/typescript/src/index';
import { assertKeepsContract } from './contract';
import { tokenFor } from './e2e';

/**
 * The typed client (clients/typescript) for end-to-end tests of happy paths: what an integrator writes, so the tests
 * exercise the SDK the project ships. Each call answers `{ data, error, response }` and never throws on a status.
 * Like the raw client (`api()` in ./e2e.ts) it checks every response against docs/openapi.json and throws on a
 * contract break (test/support/contract.ts).
 *
 * The raw client stays for what the SDK's types would refuse: the fuzz, the authorization matrix, bad-input tests
 * and any test that sends deliberately invalid requests or inspects raw bodies and headers.
 *
 * One client per demo user, made on first use and kept for the test file (no per-request set-up beyond the
 * client's own): `const crm = typedClients(baseUrl); await crm('am1').GET('/v1/customers', {});`.
 */
export const typedClients = (baseUrl: string, options: { contract?: boolean } = {}): ((username: string) => CrmClient) => {
  const clients = new Map<string, CrmClient>();
  return (username) => {
    let client = clients.get(username);
    if (!client) {
      client = createCrmClient({ baseUrl, token: () => tokenFor(username) });
      if (options.contract ?? true) {
        client.use({
          async onResponse({ request, response }) {
            const text = await response.clone().text();
            assertKeepsContract(request.method, request.url, { status: response.status, contentType: response.headers.get('content-type'), text });
            return response;
          },
        });
      }
      clients.set(username, client);
    }
    return client;
  };
};
