import { CreateGroupCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoUserAccounts } from '#functions/admin/users/cognito-user-accounts';
import { cognitoConnection } from '#shared/auth/cognito-connection';
import { useUserDependencies } from '#functions/admin/users/user.container';
import { DynamoDbUserRecords } from '#functions/admin/users/user-records.repository';
import { localCognitoClient } from '#local/local-aws';
import { ROLES } from '#shared/auth/roles';
import { systemClock } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { uniqueUsername } from './scenarios/admin-users.scenarios';

type Client = ReturnType<typeof api>;
type User = { username: string; role: string | null; enabled: boolean };

/**
 * The last-admin rule end to end, on real routes and the real Cognito adapter — in a user pool of its own. The
 * run's shared pool always holds the demo admin (whom no test may disable or demote), so the rule's refusal
 * could never show there; here the admin function administers a fresh pool (its users only come from this file)
 * while callers still sign in to the shared one. Module state of this test file only: other files are untouched.
 */
describe('the last enabled administrator (isolated user pool)', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const info = useLocalStack();
  const table = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });

  const create = async (role: string) => {
    const username = uniqueUsername('last');
    const response = await client.post<User>('/v1/users', { username, email: `${username}@example.com`, name: 'Last admin e2e', role }, { as: 'admin' });
    expect(response.status, response.text).toBe(201);
    return username;
  };
  const patch = async (username: string, body: Record<string, unknown>) => {
    const current = await client.get<User>(`/v1/users/${username}`, { as: 'admin' });
    return client.patch<User & { code?: string }>(`/v1/users/${username}`, body, { as: 'admin', headers: { 'if-match': current.headers.get('etag')! } });
  };
  const read = async (username: string) => (await client.get<User>(`/v1/users/${username}`, { as: 'admin' })).json;

  beforeAll(async () => {
    const cognito = localCognitoClient(info.cognitoEndpoint);
    try {
      const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: `crm-last-admin-${Date.now()}` }));
      for (const role of ROLES) await cognito.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: role }));
      useUserDependencies({
        accounts: new CognitoUserAccounts(UserPool!.Id!, cognitoConnection),
        records: new DynamoDbUserRecords(table, info.tableName),
        // Its own user pool, so the API's lock list (shared by every test file's functions) is left alone.
        locks: { lock: async () => undefined, unlock: async () => undefined },
        clock: systemClock,
      });
    } finally {
      cognito.destroy();
    }
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(async () => {
    useUserDependencies(undefined);
    table.destroy();
    await stop();
  });

  it('refuses to disable or demote the only enabled administrator (409), and allows it once there is another', async () => {
    // Prepare: the pool's only administrator
    const solo = await create('admin');

    // Act + Assess: refused, unchanged
    const disabled = await patch(solo, { enabled: false });
    const demoted = await patch(solo, { role: 'executive' });
    expect(disabled.status, disabled.text).toBe(409);
    expect(disabled.json.code).toBe('LastAdmin');
    expect(disabled.headers.get('content-type')).toContain('application/problem+json');
    expect(demoted.status, demoted.text).toBe(409);
    expect(await read(solo)).toMatchObject({ role: 'admin', enabled: true });

    // A disabled administrator does not count
    const ghost = await create('admin');
    expect((await patch(ghost, { enabled: false })).status).toBe(200);
    expect((await patch(solo, { enabled: false })).status).toBe(409);

    // With another enabled administrator, demoting works — and the other one is then the last
    const deputy = await create('admin');
    const nowDemoted = await patch(solo, { role: 'executive' });
    expect(nowDemoted.status, nowDemoted.text).toBe(200);
    expect(nowDemoted.json.role).toBe('executive');
    expect((await patch(deputy, { enabled: false })).status).toBe(409);
    expect(await read(deputy)).toMatchObject({ role: 'admin', enabled: true });
  });
});
