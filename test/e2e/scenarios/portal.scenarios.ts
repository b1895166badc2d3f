import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeContact } from './contacts-activities.scenarios';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
export type PortalUserAnswer = { id: string; username: string; customerId: string; contactId: string; status: string; version: number };

/** A customer owned by `owner` with a contact that has an e-mail address of its own (the portal sign-in name). */
export const arrangePortalContact = async (client: Client, owner: string) => {
  const customer = await arrangeCustomer(client, owner);
  const email = `portal-${randomUUID()}@example.com`;
  const contact = await arrangeContact(client, customer.id, { email });
  return { customerId: customer.id, contactId: contact.id, email };
};

/** …and its portal user, invited by the admin. */
export const arrangePortalUser = async (client: Client, owner: string) => {
  const arranged = await arrangePortalContact(client, owner);
  const response = await client.post<PortalUserAnswer>(`/v1/customers/${arranged.customerId}/portal-users`, { contactId: arranged.contactId }, { as: 'admin' });
  expect(response.status, response.text).toBe(201);
  return { ...arranged, user: response.json };
};

const portalUsersOf = async (client: Client, customerId: string) => {
  const response = await client.get<{ items: PortalUserAnswer[] }>(`/v1/customers/${customerId}/portal-users`, { as: 'admin' });
  expect(response.status, response.text).toBe(200);
  return response.json.items;
};

/** How to exercise the staff routes of the portal function in the generated authorization matrix. */
export const PORTAL_SCENARIOS = {
  invitePortalUser: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { customerId, contactId } = await arrangePortalContact(client, owner);
      return {
        method: 'POST',
        path: `/v1/customers/${customerId}/portal-users`,
        body: { contactId },
        assertUnchanged: async () => expect(await portalUsersOf(client, customerId)).toEqual([]),
        assertSuccess: (response) => expect(response.json).toMatchObject({ customerId, contactId, status: 'active', version: 1 }),
      };
    },
  },
  listPortalUsers: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { customerId, user } = await arrangePortalUser(client, owner);
      return {
        method: 'GET',
        path: `/v1/customers/${customerId}/portal-users`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => expect((response.json as { items: PortalUserAnswer[] }).items.map((item) => item.id)).toEqual([user.id]),
      };
    },
  },
  disablePortalUser: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { customerId, user } = await arrangePortalUser(client, owner);
      return {
        method: 'POST',
        path: `/v1/customers/${customerId}/portal-users/${user.id}/disable`,
        headers: { 'if-match': '"1"' },
        assertUnchanged: async () => expect((await portalUsersOf(client, customerId)).map((item) => item.status)).toEqual(['active']),
        assertSuccess: (response) => expect(response.json).toMatchObject({ id: user.id, status: 'disabled', version: 2 }),
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
