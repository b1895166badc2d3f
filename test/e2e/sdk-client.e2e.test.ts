import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCrmClient, signIn, SignInError } from '#clients/typescript/src/index';
import { ContractViolation } from '#test/support/contract';
import { startTestGateway, useLocalStack, useTestGateway } from '#test/support/e2e';
import { typedClients } from '#test/support/e2e-sdk';

/**
 * The typed client (clients/typescript, issue 22 part 5) against the local gateway with a real token: sign in through
 * cognito-local with the client's helper, then typed calls whose answers are the API's records or its problems.
 */
describe('the typed API client end to end', () => {
  let baseUrl: string;
  useTestGateway((gateway) => (baseUrl = gateway.baseUrl));

  const signInAs = async (username: string, password?: string) => {
    const info = useLocalStack();
    const user = info.users.find((candidate) => candidate.username === username)!;
    return signIn({ endpoint: info.cognitoEndpoint, clientId: info.clientId, username, password: password ?? user.password });
  };

  it('signs a manager in and creates, reads and updates a customer with typed calls; a missing one is its problem', async () => {
    // Prepare
    const tokens = await signInAs('sales');
    const crm = createCrmClient({ baseUrl, token: () => tokens.idToken });
    const name = `SDK ${randomUUID()}`;

    // Act
    const created = await crm.POST('/v1/customers', { body: { name, level: 'ordinary', ownerId: 'am1' } });
    const customerId = created.data?.id ?? '';
    const read = await crm.GET('/v1/customers/{customerId}', { params: { path: { customerId } } });
    const updated = await crm.PATCH('/v1/customers/{customerId}', { params: { path: { customerId }, header: { 'If-Match': '"1"' } }, body: { phone: '010-8888' } });
    const missing = await crm.GET('/v1/customers/{customerId}', { params: { path: { customerId: '01JNW8Z1AB3CD4EF5GH6JK7MNP' } } });

    // Assess
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    expect(read.data).toMatchObject({ id: customerId, name, ownerId: 'am1', version: 1 });
    expect(updated.data).toMatchObject({ phone: '010-8888', version: 2 });
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ status: 404, code: 'CustomerNotFound' });
  });

  it('refuses a wrong password with the pool\'s reason, and the API refuses a call without a token (401)', async () => {
    // Act
    const refused = await signInAs('am1', 'not-the-password').catch((error: unknown) => error);
    const anonymous = await createCrmClient({ baseUrl }).GET('/v1/customers', {});

    // Assess
    expect(refused).toBeInstanceOf(SignInError);
    // Cognito names it NotAuthorizedException; cognito-local InvalidPasswordException. Either way a 400 of the pool.
    expect(refused).toMatchObject({ status: 400, code: expect.stringMatching(/^(NotAuthorizedException|InvalidPasswordException)$/) });
    expect(anonymous.response.status).toBe(401);
  });

  it('the tests\' typed clients (test/support/e2e-sdk.ts) throw on an answer that breaks docs/openapi.json, as the raw client does', async () => {
    // Prepare: a gateway whose handlers answer a status no operation declares, with an undeclared body.
    const broken = await startTestGateway({ loadHandler: async () => async () => ({ statusCode: 299, headers: { 'content-type': 'application/json' }, body: '{"surprise":true}' }) });
    try {
      // Act
      const checked = await typedClients(broken.baseUrl)('am1').GET('/v1/customers', {}).catch((error: unknown) => error);
      const unchecked = await typedClients(broken.baseUrl, { contract: false })('am1').GET('/v1/customers', {});

      // Assess
      expect(checked).toBeInstanceOf(ContractViolation);
      expect(unchecked.response.status).toBe(299);
    } finally {
      await broken.stop();
    }
  });
});
