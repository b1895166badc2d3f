import type { FeatureContracts } from '#shared/http/contract';
import { meSchema } from '#functions/admin/me/me.schema';
import { createUserBody, listUsersQuery, updateUserBody, userListSchema, usernameParams, userSchema } from './user.schema';

type UsersOperations = 'getMe' | 'listUsers' | 'createUser' | 'getUser' | 'updateUser';

const userExample = {
  username: 'zhao.lei',
  email: 'zhao.lei@example.com',
  name: '赵磊',
  role: 'account-manager',
  enabled: true,
  status: 'FORCE_CHANGE_PASSWORD',
  createdAt: '2026-03-02T08:15:00.000Z',
  updatedAt: '2026-03-02T08:15:00.000Z',
};
const user = { description: 'The user', schema: userSchema, name: 'User', example: userExample };

/**
 * The contracts of the admin function's `me` and users routes (see shared/http/contract.ts). The admin function
 * also serves the dictionary and audit routes, whose contracts live in their own files: hence a Pick, not the
 * whole FeatureContracts<'admin'>.
 */
export const adminUsersContracts = {
  getMe: {
    responses: {
      200: {
        description: 'The caller, and the capabilities their role grants with their scope',
        schema: meSchema,
        name: 'Me',
        example: {
          username: 'am1',
          sub: '6f1c2a4e-1d7b-4c55-9a57-0f3b8f1e2d90',
          name: '张伟',
          role: 'account-manager',
          capabilities: [
            { capability: 'customers:read', scope: 'own' },
            { capability: 'products:read', scope: 'all' },
          ],
        },
      },
    },
  },
  listUsers: {
    query: listUsersQuery,
    responses: {
      200: { description: 'A page of users, in the user pool\'s order', schema: userListSchema, name: 'UserList', example: { items: [userExample], nextCursor: null } },
    },
  },
  createUser: {
    body: createUserBody,
    bodyName: 'CreateUserRequest',
    bodyExample: { username: 'zhao.lei', email: 'zhao.lei@example.com', name: '赵磊', role: 'account-manager' },
    responses: { 201: { ...user, description: 'The user, invited by e-mail with a temporary password (or, for a replayed Idempotency-Key, the first answer)' } },
  },
  getUser: { params: usernameParams, responses: { 200: user } },
  updateUser: {
    params: usernameParams,
    body: updateUserBody,
    bodyName: 'UpdateUserRequest',
    bodyExample: { role: 'sales-manager' },
    responses: { 200: { ...user, description: 'The user as updated', example: { ...userExample, role: 'sales-manager' } } },
  },
} satisfies Pick<FeatureContracts<'admin'>, UsersOperations>;
