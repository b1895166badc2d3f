import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokens } from '#local/cognito-local';
import { localCognitoClient } from '#local/local-aws';
import { createDocumentClient } from '#shared/db/client';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeUser, uniqueUsername } from './scenarios/admin-users.scenarios';

type Client = ReturnType<typeof api>;
type User = { username: string; email: string | null; name: string | null; role: string | null; enabled: boolean; status: string };
type UserList = { items: User[]; nextCursor: string | null };

const PASSWORD = 'E2e#Passw0rd-2026';

describe('users and /v1/me end to end (cognito-local)', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const info = useLocalStack();
  const cognito = localCognitoClient(info.cognitoEndpoint);
  const table = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });

  /** What the invited user would do after the e-mail: here an administrator sets the password directly. */
  const activate = async (username: string): Promise<void> => {
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: info.userPoolId, Username: username, Password: PASSWORD, Permanent: true }));
  };
  const signIn = async (username: string): Promise<string> => (await getTokens(info.cognitoEndpoint, info.clientId, username, PASSWORD)).idToken;
  const read = (username: string) => client.get<User>(`/v1/users/${username}`, { as: 'admin' });
  const auditOf = async (username: string) =>
    (await table.send(new QueryCommand({ TableName: info.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#user#${username}` } })))
      .Items ?? [];

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(async () => {
    cognito.destroy();
    table.destroy();
    await stop();
  });

  it('GET /v1/me tells each user who they are and what their role may do', async () => {
    const me = await client.get<{ username: string; name: string; role: string; capabilities: { capability: string; scope: string }[] }>('/v1/me', { as: 'am1' });

    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ username: 'am1', name: '张伟', role: 'account-manager' });
    expect(me.json.capabilities).toContainEqual({ capability: 'customers:read', scope: 'own' });
    expect(me.json.capabilities.map((entry) => entry.capability)).not.toContain('users:read');
  });

  it('GET /v1/me answers the directory name for an access token as for an ID token', async () => {
    const [byAccess, byId] = await Promise.all([
      client.get<{ username: string; name: string }>('/v1/me', { as: 'am1', tokenUse: 'access' }),
      client.get<{ username: string; name: string }>('/v1/me', { as: 'am1', tokenUse: 'id' }),
    ]);

    expect(byAccess.status, byAccess.text).toBe(200);
    expect(byId.status, byId.text).toBe(200);
    expect(byAccess.json).toMatchObject({ username: 'am1', name: '张伟' });
    expect(byId.json).toMatchObject({ username: 'am1', name: '张伟' });
  });

  it('invites a user who, once their password is set, signs in with the role given; a role change shows on the next token', async () => {
    // Prepare: a customer of am1, which only a manager may transfer
    const customer = await arrangeCustomer(client, 'am1');
    const username = uniqueUsername('promote');

    // Act 1: invite an account manager
    const created = await client.post<User>('/v1/users', { username, email: `${username}@example.com`, name: '赵磊', role: 'account-manager' }, { as: 'admin' });

    // Assess 1
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/users/${username}`);
    expect(created.json).toEqual(expect.objectContaining({ username, email: `${username}@example.com`, name: '赵磊', role: 'account-manager', enabled: true, status: 'FORCE_CHANGE_PASSWORD' }));
    await activate(username);
    const firstToken = await signIn(username);
    const me = await client.get<{ username: string; role: string }>('/v1/me', { token: firstToken });
    expect(me.json).toMatchObject({ username, role: 'account-manager' });
    const refused = await client.post(`/v1/customers/${customer.id}/transfer`, { ownerId: 'am2' }, { token: firstToken, headers: { 'if-match': '"1"' } });
    expect(refused.status, refused.text).toBe(403);

    // Act 2: promote to sales manager
    const current = await read(username);
    const promoted = await client.patch<User>(`/v1/users/${username}`, { role: 'sales-manager' }, { as: 'admin', headers: { 'if-match': current.headers.get('etag')! } });

    // Assess 2: exactly one role; the old token keeps its old groups, a fresh one carries the new role
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.json.role).toBe('sales-manager');
    expect(promoted.headers.get('etag')).not.toBe(current.headers.get('etag'));
    const stillOld = await client.post(`/v1/customers/${customer.id}/transfer`, { ownerId: 'am2' }, { token: firstToken, headers: { 'if-match': '"1"' } });
    expect(stillOld.status).toBe(403);
    const freshToken = await signIn(username);
    const transferred = await client.post<{ ownerId: string }>(`/v1/customers/${customer.id}/transfer`, { ownerId: 'am2' }, { token: freshToken, headers: { 'if-match': '"1"' } });
    expect(transferred.status, transferred.text).toBe(200);
    expect(transferred.json.ownerId).toBe('am2');
    const managers = await client.get<UserList>('/v1/users?role=sales-manager&limit=100', { as: 'admin' });
    const accountManagers = await client.get<UserList>('/v1/users?role=account-manager&limit=100', { as: 'admin' });
    expect(managers.json.items.map((user) => user.username)).toContain(username);
    expect(accountManagers.json.items.map((user) => user.username)).not.toContain(username);

    // Assess 3: both changes are in the audit trail, by the admin
    const entries = await auditOf(username);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([['create', 'admin'], ['update', 'admin']]);
    expect(entries[1]!.changes).toEqual([{ field: 'role', old: 'account-manager', new: 'sales-manager' }]);
  });

  it('a disabled user cannot sign in and the tokens they hold stop working at once; enabled again, they can', async () => {
    // Prepare: a signed-in user
    const user = await arrangeUser(client, 'disable');
    await activate(user.username);
    const heldToken = await signIn(user.username);
    expect((await client.get('/v1/me', { token: heldToken })).status).toBe(200);
    const etag = (await read(user.username)).headers.get('etag')!;

    // Act 1: disable
    const disabled = await client.patch<User>(`/v1/users/${user.username}`, { enabled: false }, { as: 'admin', headers: { 'if-match': etag } });

    // Assess 1: no new sign-in, and the token issued before is refused on every function (not only in an hour)
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.json.enabled).toBe(false);
    await expect(signIn(user.username)).rejects.toThrow();
    for (const path of ['/v1/me', '/v1/customers', '/v1/orders']) {
      const refused = await client.get(path, { token: heldToken });
      expect(refused.status, `${path}: ${refused.text}`).toBe(403);
      expect(refused.json).toMatchObject({ code: 'AccountLocked', type: '/problems/account-locked' });
    }

    // Act 2: enable again
    const enabled = await client.patch<User>(`/v1/users/${user.username}`, { enabled: true }, { as: 'admin', headers: { 'if-match': disabled.headers.get('etag')! } });

    // Assess 2
    expect(enabled.status, enabled.text).toBe(200);
    const freshToken = await signIn(user.username);
    expect((await client.get('/v1/me', { token: freshToken })).status).toBe(200);
    const entries = await auditOf(user.username);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['create', 'admin'],
      ['lock', 'admin'],
      ['update', 'admin'],
      ['unlock', 'admin'],
      ['update', 'admin'],
    ]);
  });

  it('lets an administrator demote themselves while another enabled administrator exists', async () => {
    // The demo admin stays an enabled admin throughout, so this never touches the rule for other tests.
    const second = await arrangeUser(client, 'admin2', 'admin');
    await activate(second.username);
    const token = await signIn(second.username);
    const self = await client.get<User>(`/v1/users/${second.username}`, { token });

    const demoted = await client.patch<User>(`/v1/users/${second.username}`, { role: 'executive' }, { token, headers: { 'if-match': self.headers.get('etag')! } });

    expect(demoted.status, demoted.text).toBe(200);
    expect(demoted.json.role).toBe('executive');
    const fresh = await signIn(second.username);
    expect((await client.get('/v1/users', { token: fresh })).status).toBe(403);
  });

  it('needs If-Match to change a user (428) and refuses a stale one (412), changing nothing', async () => {
    const user = await arrangeUser(client, 'etag');

    const without = await client.patch(`/v1/users/${user.username}`, { name: 'No etag' }, { as: 'admin' });
    const renamed = await client.patch(`/v1/users/${user.username}`, { name: 'First' }, { as: 'admin', headers: { 'if-match': user.etag } });
    const stale = await client.patch(`/v1/users/${user.username}`, { name: 'Second' }, { as: 'admin', headers: { 'if-match': user.etag } });

    expect(without.status).toBe(428);
    expect(renamed.status, renamed.text).toBe(200);
    expect(stale.status).toBe(412);
    expect((await read(user.username)).json.name).toBe('First');
  });

  it('replays a creation for the same Idempotency-Key and body, and refuses the key with another body (422)', async () => {
    const username = uniqueUsername('idem');
    const body = { username, email: `${username}@example.com`, name: 'Idem', role: 'executive' };
    const headers = { 'idempotency-key': `e2e-${username}` };

    const first = await client.post<User>('/v1/users', body, { as: 'admin', headers });
    const again = await client.post<User>('/v1/users', body, { as: 'admin', headers });
    const other = await client.post('/v1/users', { ...body, name: 'Other' }, { as: 'admin', headers });

    expect(first.status, first.text).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(other.status).toBe(422);
    expect(await auditOf(username)).toHaveLength(1);
  });

  it('pages through users with signed cursors bound to the filter', async () => {
    await arrangeUser(client, 'page-a');
    await arrangeUser(client, 'page-b');

    const first = await client.get<UserList>('/v1/users?role=executive&limit=1', { as: 'admin' });
    const second = await client.get<UserList>(`/v1/users?role=executive&limit=1&cursor=${first.json.nextCursor}`, { as: 'admin' });
    const replayed = await client.get(`/v1/users?role=admin&limit=1&cursor=${first.json.nextCursor}`, { as: 'admin' });

    expect(first.json.items).toHaveLength(1);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    expect(second.json.items).toHaveLength(1);
    expect(second.json.items[0]!.username).not.toBe(first.json.items[0]!.username);
    expect(replayed.status).toBe(400);
  });

  describe('bad input: a problem answer, and nothing created or changed', () => {
    const problem = (response: { status: number; headers: Headers }) => {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    };

    it.each([
      ['an unknown role', { role: 'boss' }, 'body.role'],
      ['an invalid e-mail address', { email: 'not-an-address' }, 'body.email'],
      ['an unknown field', { password: 'Secret#12345' }, 'body.password'],
      ['a username with upper-case letters and spaces', { username: 'Bad Name' }, 'body.username'],
      ['an empty name', { name: '  ' }, 'body.name'],
    ])('POST /v1/users with %s → 400', async (_label, override, field) => {
      const username = uniqueUsername('bad');
      const body = { username, email: `${username}@example.com`, name: 'Bad', role: 'executive', ...override };

      const response = await client.post<{ errors: { path: string }[] }>('/v1/users', body, { as: 'admin' });

      expect(response.status, response.text).toBe(400);
      problem(response);
      expect(response.json.errors.map((error) => error.path)).toContain(field);
      expect((await read(username)).status).toBe(404);
    });

    it('POST /v1/users with a username in use → 409, the existing user untouched', async () => {
      const response = await client.post('/v1/users', { username: 'am1', email: 'someone@example.com', name: 'Impostor', role: 'admin' }, { as: 'admin' });

      expect(response.status, response.text).toBe(409);
      problem(response);
      expect((await read('am1')).json).toMatchObject({ username: 'am1', name: '张伟', role: 'account-manager', email: 'zhang.wei@example.com' });
    });

    it.each([
      ['an unknown role', { role: 'boss' }],
      ['an unknown field', { email: 'x@example.com' }],
      ['no change at all', {}],
      ['a non-boolean enabled', { enabled: 'no' }],
    ])('PATCH /v1/users/{username} with %s → 400, nothing changed', async (_label, body) => {
      const user = await arrangeUser(client, 'bad-patch');

      const response = await client.patch(`/v1/users/${user.username}`, body, { as: 'admin', headers: { 'if-match': user.etag } });

      expect(response.status, response.text).toBe(400);
      problem(response);
      const after = await read(user.username);
      expect(after.headers.get('etag')).toBe(user.etag);
      expect(after.json.role).toBe('executive');
    });

    it('unknown users → 404 (GET and PATCH); bad list filters and cursors → 400', async () => {
      const missing = uniqueUsername('missing');
      const responses = await Promise.all([
        client.get(`/v1/users/${missing}`, { as: 'admin' }),
        client.patch(`/v1/users/${missing}`, { enabled: false }, { as: 'admin', headers: { 'if-match': '"1"' } }),
        client.get('/v1/users?role=boss', { as: 'admin' }),
        client.get('/v1/users?limit=0', { as: 'admin' }),
        client.get('/v1/users?group=admin', { as: 'admin' }),
        client.get('/v1/users?cursor=eyJrIjp7InQiOiJ4In19.AAAA', { as: 'admin' }),
      ]);

      expect(responses.map((response) => response.status)).toEqual([404, 404, 400, 400, 400, 400]);
      responses.forEach(problem);
    });
  });
});
