import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoDbLockListLoader } from '#shared/auth/account-lock';
import { logger } from '#shared/core/logger';
import { createDocumentClient } from '#shared/db/client';
import { READ_GUARD_ALARM, type CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import { READ_GUARD_ACTOR } from '#shared/read-guard/read-counter.repository';
import { createCustomerReadGuard, readGuardPolicyFromConfig, useCustomerReadGuard } from '#shared/read-guard/read-guard.container';
import { getTokens } from '#local/cognito-local';
import { localCognitoClient } from '#local/local-aws';
import type { LocalStackInfo } from '#local/stack';
import { auditEntriesOf } from '#test/support/audit-entries';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';

/**
 * The data-exfiltration guard end to end: a user who reads more customers than the limit is locked out of every
 * route, disabled in Cognito, audited and alarmed; an administrator's PATCH /v1/users/{username} lets them back in.
 *
 * Isolation: the limit is lowered to 20 for ONE user — created here, never a demo user, because the pool, the table
 * and so the read counters and the lock list are shared by the whole run — and only in this file's module graph
 * (vitest gives each test file its own). Everybody else keeps the configured limit even here: a demo user's shared
 * counter holds the reads of every other test file, and a limit of 20 on it would lock them for the whole run.
 */
const LIMIT = 20;

describe('customer read guard end to end', () => {
  let info: LocalStackInfo;
  let client: ReturnType<typeof api>;
  let stop: () => Promise<void>;
  let cognito: CognitoIdentityProviderClient;
  let dynamodb: ReturnType<typeof createDocumentClient>;
  let reader: string;
  let token: string;
  let customerId: string;
  const errors = vi.spyOn(logger, 'error');

  beforeAll(async () => {
    const gateway = await startTestGateway();
    info = useLocalStack();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    // Before the first request: the customers container takes the guard when it is first built.
    const strict = createCustomerReadGuard({ policy: { ...readGuardPolicyFromConfig(), limit: LIMIT } });
    const usual = createCustomerReadGuard();
    const guardOf = (username: string): CustomerReadGuard => (username === reader ? strict : usual);
    useCustomerReadGuard({
      count: (username, records) => guardOf(username).count(username, records),
      settle: (username, counted, returned) => guardOf(username).settle(username, counted, returned),
    });
    cognito = localCognitoClient(info.cognitoEndpoint);
    dynamodb = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });

    // A fresh sales manager (reads every customer), created directly in cognito-local.
    reader = `guard-${randomBytes(4).toString('hex')}`;
    const password = `Guard#${randomBytes(6).toString('hex')}`;
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: info.userPoolId,
        Username: reader,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: password,
        UserAttributes: [
          { Name: 'name', Value: 'Read Guard Test' },
          { Name: 'email', Value: `${reader}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: info.userPoolId, Username: reader, Password: password, Permanent: true }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: info.userPoolId, Username: reader, GroupName: 'sales-manager' }));
    token = (await getTokens(info.cognitoEndpoint, info.clientId, reader, password)).idToken;
    customerId = (await arrangeCustomer(client, 'admin')).id;
  });
  afterAll(async () => {
    useCustomerReadGuard(undefined);
    cognito?.destroy();
    dynamodb?.destroy();
    await stop?.();
  });

  const enabledInCognito = async (): Promise<boolean | undefined> =>
    (await cognito.send(new AdminGetUserCommand({ UserPoolId: info.userPoolId, Username: reader }))).Enabled;

  it('serves reads up to the limit, locks the account on the next one, and refuses it on every route', async () => {
    // Prepare + Act: exactly LIMIT customer reads are served
    for (let read = 1; read <= LIMIT; read += 1) {
      expect((await client.get(`/v1/customers/${customerId}`, { token })).status, `read ${read}`).toBe(200);
    }
    const crossing = await client.get<{ code: string; status: number }>(`/v1/customers/${customerId}`, { token });

    // Assess: the read over the limit gets no customer, but a clear 403
    expect(crossing.status).toBe(403);
    expect(crossing.json).toMatchObject({ code: 'AccountLocked', status: 403, type: '/problems/account-locked' });
    expect(Object.keys(crossing.json).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    // Disabled in Cognito, on the lock list every function reads, and in the audit trail
    expect(await enabledInCognito()).toBe(false);
    expect((await dynamoDbLockListLoader(dynamodb, info.tableName)()).has(reader)).toBe(true);
    const entries = await auditEntriesOf(dynamodb, info.tableName, 'user', reader);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([['lock', READ_GUARD_ACTOR]]);
    // One alarm line, naming the user and nothing of the customers
    const alarms = errors.mock.calls.filter(([, details]) => (details as { alarm?: string } | undefined)?.alarm === READ_GUARD_ALARM);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.[1]).toEqual({ alarm: READ_GUARD_ALARM, username: reader, estimate: LIMIT + 1, limit: LIMIT, disabled: true, signedOut: false });
    // Every route refuses the still-valid token: other customer routes, other functions, writes
    for (const [method, path] of [
      ['GET', `/v1/customers/${customerId}`],
      ['GET', '/v1/customers'],
      ['GET', '/v1/products'],
      ['GET', '/v1/opportunities'],
      ['POST', '/v1/customers'],
    ] as const) {
      const response = await client.request<{ code: string }>(method, path, { token, ...(method === 'POST' ? { body: { name: 'x' } } : {}) });
      expect([method, path, response.status, response.json.code]).toEqual([method, path, 403, 'AccountLocked']);
    }
  });

  it('lets the user back in once an administrator enables them again (PATCH /v1/users/{username})', async () => {
    // Prepare
    const account = await client.get(`/v1/users/${reader}`, { as: 'admin' });
    expect(account.status).toBe(200);

    // Act
    const enabled = await client.patch(`/v1/users/${reader}`, { enabled: true }, { as: 'admin', headers: { 'if-match': account.headers.get('etag')! } });

    // Assess: enabled in Cognito, off the lock list, audited as the admin, and reading again from a fresh window
    expect(enabled.status).toBe(200);
    expect(await enabledInCognito()).toBe(true);
    expect((await dynamoDbLockListLoader(dynamodb, info.tableName)()).has(reader)).toBe(false);
    const unlocks = (await auditEntriesOf(dynamodb, info.tableName, 'user', reader)).filter((entry) => entry.action === 'unlock');
    expect(unlocks.map((entry) => entry.actor)).toEqual(['admin']);
    expect((await client.get(`/v1/customers/${customerId}`, { token })).status).toBe(200);
    expect((await client.get('/v1/products', { token })).status).toBe(200);
  });

  it('counts the customer records the audit trail discloses: a page holding more than the limit locks the account', async () => {
    // Prepare: the user (enabled again, fresh window) creates LIMIT + 1 customers — creating is not reading
    for (let n = 0; n <= LIMIT; n += 1) {
      expect((await client.post('/v1/customers', { name: `Guard audit ${reader} ${n}` }, { token })).status).toBe(201);
    }
    expect((await client.get(`/v1/customers/${customerId}/history`, { token })).status).toBe(200);

    // Act: one page of their own actor view holds every one of those records (the creations carry all fields)
    const page = await client.get<{ code: string }>(`/v1/audit?actor=${reader}&limit=100`, { token });

    // Assess: refused and locked, exactly as reading the customers one by one would
    expect(page.status, page.text).toBe(403);
    expect(page.json.code).toBe('AccountLocked');
    expect(await enabledInCognito()).toBe(false);
    expect((await client.get(`/v1/customers/${customerId}`, { token })).status).toBe(403);
  });
});
