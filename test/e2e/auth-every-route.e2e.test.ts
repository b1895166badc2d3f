import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokens } from '#local/cognito-local';
import { localCognitoClient } from '#local/local-aws';
import { PORTAL_ROUTES, ROUTES, routeKey, type RouteDefinition } from '#shared/routes';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { idTokenClaims, signAsCognitoLocal } from '#test/support/forged-tokens';

/**
 * Authentication and role edge cases for EVERY route of the route table, through the local gateway and the real
 * handlers (a new route is covered without touching this file). The token checks one by one (malformed,
 * expired, alg none, wrong issuer / audience) are in local-gateway.test.ts; here: no token → 401; a valid token
 * with no role group, or only unknown groups → 403 problem before any input is read; a genuine token of another
 * user pool on the same cognito-local, deleted afterwards → 401. The customer portal's routes (PORTAL_ROUTES, behind the
 * second pool's authorizer) take the two 401 cases; they have no roles. Responses are checked against the contract by api().
 */
const info = useLocalStack();
let baseUrl: string;
let stopGateway: () => Promise<void>;
let otherPoolToken: string;

const SOME_ID = '01JNW8Y3C5K7Q2V9R4T6M8P0XA';
type AnyRoute = Pick<RouteDefinition, 'method' | 'path'>;
const concretePath = (route: AnyRoute): string => route.path.replace(/\{[^}]+\}/g, SOME_ID);
const bodyOf = (route: AnyRoute): unknown => (route.method === 'GET' || route.method === 'DELETE' ? undefined : { name: 'x' });
const call = (route: AnyRoute, token: string | undefined) =>
  api(baseUrl).request(route.method, concretePath(route), {
    ...(token ? { token } : {}),
    headers: { 'if-match': '"1"' },
    ...(bodyOf(route) === undefined ? {} : { body: bodyOf(route) }),
  });

/** A second pool with a user in a group named like ours, whose genuine token is then orphaned by deleting the pool. */
const tokenOfDeletedPool = async (): Promise<string> => {
  const cognito = localCognitoClient(info.cognitoEndpoint);
  try {
    const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: `other-${Date.now()}` }))).UserPool!.Id!;
    const clientId = (
      await cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other-app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admin' }));
    const password = 'Other#Pool2026x';
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'intruder', MessageAction: 'SUPPRESS', TemporaryPassword: password }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'intruder', Password: password, Permanent: true }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'intruder', GroupName: 'admin' }));
    const tokens = await getTokens(info.cognitoEndpoint, clientId, 'intruder', password);
    await cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    return tokens.idToken;
  } finally {
    cognito.destroy();
  }
};

beforeAll(async () => {
  ({ baseUrl, stop: stopGateway } = await startTestGateway());
  otherPoolToken = await tokenOfDeletedPool();
});
afterAll(() => stopGateway());

describe.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s', (_key, route) => {
  it('no token → 401 from the authorizer', async () => {
    const response = await call(route, undefined);
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Unauthorized' });
  });

  it("a genuine admin token of another (deleted) user pool → 401", async () => {
    const response = await call(route, otherPoolToken);
    expect(response.status).toBe(401);
  });

  it.each([
    ['no cognito:groups claim', undefined],
    ['an empty group list', []],
    ['only an unknown group', ['superuser']],
    ['a group that differs only in case', ['Admin']],
  ])('a valid token with %s → 403 problem', async (_case, groups) => {
    const claims = idTokenClaims(info, { 'cognito:username': 'nobody' });
    if (groups === undefined) delete claims['cognito:groups'];
    else claims['cognito:groups'] = groups;
    const response = await call(route, await signAsCognitoLocal(claims));
    expect(response.status, response.text).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.json).toMatchObject({ status: 403, code: 'Forbidden' });
  });
});

describe.each(PORTAL_ROUTES.map((route) => [routeKey(route), route] as const))('%s (customer portal)', (_key, route) => {
  it('no token → 401 from the portal authorizer', async () => {
    const response = await call(route, undefined);
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Unauthorized' });
  });

  it('a genuine token of another (deleted) user pool → 401', async () => {
    const response = await call(route, otherPoolToken);
    expect(response.status).toBe(401);
  });
});
