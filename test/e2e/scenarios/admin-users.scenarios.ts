import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { scopeOf } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';
import type { api } from '#test/support/e2e';
import { USER_OF_ROLE } from './demo-users';
import type { RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

const roleOf = (username: string) => ROLES.find((role) => USER_OF_ROLE[role] === username);

/** A username no other test uses (the user pool is shared by the whole run). */
export const uniqueUsername = (label: string): string => `e2e-${label}-${randomUUID().slice(0, 13)}`;

/** A fresh executive account, created by the admin through the API; its ETag for a follow-up PATCH. */
export const arrangeUser = async (client: Client, label: string, role = 'executive') => {
  const username = uniqueUsername(label);
  const response = await client.post<{ username: string; name: string }>(
    '/v1/users',
    { username, email: `${username}@example.com`, name: `E2E ${label}`, role },
    { as: 'admin' },
  );
  expect(response.status, response.text).toBe(201);
  return { username, etag: response.headers.get('etag')!, name: response.json.name };
};

const expectNoUser = async (client: Client, username: string): Promise<void> => {
  const found = await client.get(`/v1/users/${username}`, { as: 'admin' });
  expect(found.status, found.text).toBe(404);
};

/** How to exercise the admin function's `me` and users routes in the generated authorization matrix. */
export const ADMIN_USER_SCENARIOS = {
  getMe: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/me',
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const me = response.json as { username: string; role: string; capabilities: { capability: string; scope: string }[] };
          const role = roleOf(caller)!;
          expect(me).toMatchObject({ username: caller, role });
          expect(me.capabilities).toContainEqual({ capability: 'customers:read', scope: scopeOf('customers:read', role) });
        },
      };
    },
  },
  listUsers: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/users?role=executive&limit=100',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const items = (response.json as { items: { role: string }[] }).items;
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((item) => item.role === 'executive')).toBe(true);
        },
      };
    },
  },
  createUser: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      const username = uniqueUsername('matrix');
      return {
        method: 'POST',
        path: '/v1/users',
        body: { username, email: `${username}@example.com`, name: 'E2E matrix', role: 'executive' },
        assertUnchanged: () => expectNoUser(client, username),
        assertSuccess: (response) => {
          expect(response.headers.get('location')).toBe(`/v1/users/${username}`);
          expect(response.json).toMatchObject({ username, role: 'executive', enabled: true, status: 'FORCE_CHANGE_PASSWORD' });
        },
      };
    },
  },
  getUser: {
    target: 'record',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/users/am2',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ username: 'am2', role: 'account-manager', enabled: true });
          expect(response.headers.get('etag')).toMatch(/^"\d+"$/);
        },
      };
    },
  },
  updateUser: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const user = await arrangeUser(client, 'matrix-patch');
      return {
        method: 'PATCH',
        path: `/v1/users/${user.username}`,
        body: { name: 'E2E renamed' },
        headers: { 'if-match': user.etag },
        // What the API shows of the account. Not the ETag: a change undone because its audit entry could not be
        // written (update-user.use-case.ts) leaves the account as it was, but Cognito's last-modified date moves.
        assertUnchanged: async () => {
          const current = await client.get<{ name: string; role: string; enabled: boolean }>(`/v1/users/${user.username}`, { as: 'admin' });
          expect({ name: current.json.name, role: current.json.role, enabled: current.json.enabled }).toEqual({ name: user.name, role: 'executive', enabled: true });
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ username: user.username, name: 'E2E renamed' });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
