import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeCustomer, uniqueName, type ArrangedRequest, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Contact = { id: string; version: number; name: string; isPrimary: boolean };
type Activity = { id: string; version: number; title: string; nextFollowUpAt?: string; followUpDone: boolean };

const hourAgo = (): string => new Date(Date.now() - 60 * 60 * 1000).toISOString();
const tomorrow = (): string => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();

/** A contact under the customer, added by the admin. */
export const arrangeContact = async (client: Client, customerId: string, extra: Record<string, unknown> = {}): Promise<Contact> => {
  const response = await client.post<Contact>(`/v1/customers/${customerId}/contacts`, { name: uniqueName('contact'), ...extra }, { as: 'admin' });
  expect(response.status, response.text).toBe(201);
  return response.json;
};

/** An activity under the customer, recorded by `as` (the admin unless told otherwise). */
export const arrangeActivity = async (
  client: Client,
  customerId: string,
  extra: Record<string, unknown> = {},
  as = 'admin',
): Promise<Activity> => {
  const response = await client.post<Activity>(
    `/v1/customers/${customerId}/activities`,
    { type: 'visit', occurredAt: hourAgo(), title: uniqueName('visit'), ...extra },
    { as },
  );
  expect(response.status, response.text).toBe(201);
  return response.json;
};

const expectRecordUntouched = async (client: Client, path: string): Promise<void> => {
  const current = await client.get<{ version: number }>(path, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json.version).toBe(1);
};

const expectEmptyList = async (client: Client, path: string): Promise<void> => {
  const current = await client.get<{ items: unknown[] }>(path, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json.items).toEqual([]);
};

/**
 * Every route here acts under ONE customer, which is the record the own-scope rule applies to: an account manager
 * listing, adding, reading or changing contacts or activities of another manager's customer gets 404 — even for
 * the "collection" routes (list, create) under it.
 */
const underCustomer = (
  successStatus: number,
  build: (client: Client, customer: { id: string }, owner: string) => Promise<ArrangedRequest>,
): RouteScenario => ({
  target: 'record',
  successStatus,
  async arrange(client, owner) {
    const customer = await arrangeCustomer(client, owner);
    return build(client, customer, owner);
  },
});

const contactsPath = (customerId: string) => `/v1/customers/${customerId}/contacts`;
const activitiesPath = (customerId: string) => `/v1/customers/${customerId}/activities`;

/** How to exercise each contacts, activities, follow-ups and 360 route in the generated authorization matrix. */
export const CONTACT_ACTIVITY_SCENARIOS = {
  listContacts: underCustomer(200, async (client, customer) => {
    const contact = await arrangeContact(client, customer.id, { isPrimary: true });
    return {
      method: 'GET',
      path: contactsPath(customer.id),
      assertUnchanged: () => expectRecordUntouched(client, `${contactsPath(customer.id)}/${contact.id}`),
      assertSuccess: (response) => {
        const items = (response.json as { items: Contact[] }).items;
        expect(items.map((item) => [item.id, item.isPrimary])).toEqual([[contact.id, true]]);
      },
    };
  }),
  createContact: underCustomer(201, async (client, customer) => ({
    method: 'POST',
    path: contactsPath(customer.id),
    body: { name: uniqueName('new contact'), position: 'Purchasing manager', mobile: '+86 138 0000 0000', isPrimary: true },
    assertUnchanged: () => expectEmptyList(client, contactsPath(customer.id)),
    assertSuccess: (response) => {
      expect(response.json).toMatchObject({ customerId: customer.id, isPrimary: true, version: 1 });
      expect(response.headers.get('location')).toMatch(new RegExp(`^/v1/customers/${customer.id}/contacts/[0-9A-Z]{26}$`));
    },
  })),
  getContact: underCustomer(200, async (client, customer) => {
    const contact = await arrangeContact(client, customer.id);
    return {
      method: 'GET',
      path: `${contactsPath(customer.id)}/${contact.id}`,
      assertUnchanged: () => expectRecordUntouched(client, `${contactsPath(customer.id)}/${contact.id}`),
      assertSuccess: (response) => expect(response.json).toMatchObject({ id: contact.id, isPrimary: false }),
    };
  }),
  updateContact: underCustomer(200, async (client, customer) => {
    const contact = await arrangeContact(client, customer.id);
    return {
      method: 'PATCH',
      path: `${contactsPath(customer.id)}/${contact.id}`,
      body: { position: 'Director', isPrimary: true },
      headers: { 'if-match': '"1"' },
      assertUnchanged: () => expectRecordUntouched(client, `${contactsPath(customer.id)}/${contact.id}`),
      assertSuccess: (response) => expect(response.json).toMatchObject({ position: 'Director', isPrimary: true, version: 2 }),
    };
  }),
  deleteContact: underCustomer(204, async (client, customer) => {
    const contact = await arrangeContact(client, customer.id);
    return {
      method: 'DELETE',
      path: `${contactsPath(customer.id)}/${contact.id}`,
      headers: { 'if-match': '"1"' },
      assertUnchanged: () => expectRecordUntouched(client, `${contactsPath(customer.id)}/${contact.id}`),
    };
  }),
  listActivities: underCustomer(200, async (client, customer) => {
    const activity = await arrangeActivity(client, customer.id);
    return {
      method: 'GET',
      path: activitiesPath(customer.id),
      assertUnchanged: () => expectRecordUntouched(client, `${activitiesPath(customer.id)}/${activity.id}`),
      assertSuccess: (response) => {
        expect((response.json as { items: Activity[] }).items.map((item) => item.id)).toEqual([activity.id]);
      },
    };
  }),
  createActivity: underCustomer(201, async (client, customer) => ({
    method: 'POST',
    path: activitiesPath(customer.id),
    body: { type: 'call', occurredAt: hourAgo(), title: uniqueName('call'), nextFollowUpAt: tomorrow() },
    assertUnchanged: () => expectEmptyList(client, activitiesPath(customer.id)),
    assertSuccess: (response) => {
      expect(response.json).toMatchObject({ customerId: customer.id, type: 'call', followUpDone: false, version: 1 });
      expect(response.headers.get('location')).toMatch(new RegExp(`^/v1/customers/${customer.id}/activities/[0-9A-Z]{26}$`));
    },
  })),
  getActivity: underCustomer(200, async (client, customer) => {
    const activity = await arrangeActivity(client, customer.id);
    return {
      method: 'GET',
      path: `${activitiesPath(customer.id)}/${activity.id}`,
      assertUnchanged: () => expectRecordUntouched(client, `${activitiesPath(customer.id)}/${activity.id}`),
      assertSuccess: (response) => expect(response.json).toMatchObject({ id: activity.id, title: activity.title }),
    };
  }),
  updateActivity: underCustomer(200, async (client, customer) => {
    const activity = await arrangeActivity(client, customer.id, { nextFollowUpAt: tomorrow() });
    return {
      method: 'PATCH',
      path: `${activitiesPath(customer.id)}/${activity.id}`,
      body: { followUpDone: true, description: 'Agreed on a trial order.' },
      headers: { 'if-match': '"1"' },
      assertUnchanged: () => expectRecordUntouched(client, `${activitiesPath(customer.id)}/${activity.id}`),
      assertSuccess: (response) => expect(response.json).toMatchObject({ followUpDone: true, version: 2 }),
    };
  }),
  deleteActivity: underCustomer(204, async (client, customer) => {
    const activity = await arrangeActivity(client, customer.id);
    return {
      method: 'DELETE',
      path: `${activitiesPath(customer.id)}/${activity.id}`,
      headers: { 'if-match': '"1"' },
      assertUnchanged: () => expectRecordUntouched(client, `${activitiesPath(customer.id)}/${activity.id}`),
    };
  }),
  getCustomerOverview: underCustomer(200, async (client, customer) => {
    const contact = await arrangeContact(client, customer.id, { isPrimary: true });
    const activity = await arrangeActivity(client, customer.id, { contactId: contact.id, nextFollowUpAt: tomorrow() });
    return {
      method: 'GET',
      path: `/v1/customers/${customer.id}/overview`,
      assertUnchanged: () => expectRecordUntouched(client, `${activitiesPath(customer.id)}/${activity.id}`),
      assertSuccess: (response) => {
        const overview = response.json as { customer: { id: string }; contacts: Contact[]; activities: Activity[]; openFollowUps: { activityId: string }[] };
        expect(overview.customer.id).toBe(customer.id);
        expect(overview.contacts.map((item) => item.id)).toEqual([contact.id]);
        expect(overview.activities.map((item) => item.id)).toEqual([activity.id]);
        expect(overview.openFollowUps.map((item) => item.activityId)).toEqual([activity.id]);
      },
    };
  }),
  listFollowUps: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      // The owner (an account manager) records the visit: the follow-up goes on the owner's list.
      // A due date of its own, long ago, so that the page is small whatever else is on the owner's list.
      const occurred = Date.parse('2001-01-01T00:00:00.000Z') + Math.floor(Math.random() * 300 * 24 * 3600 * 1000);
      const due = new Date(occurred + 24 * 3600 * 1000);
      const customer = await arrangeCustomer(client, owner);
      const activity = await arrangeActivity(
        client,
        customer.id,
        { occurredAt: new Date(occurred).toISOString(), nextFollowUpAt: due.toISOString() },
        owner,
      );
      const dueBefore = new Date(due.getTime() + 1).toISOString();
      return {
        method: 'GET',
        path: `/v1/follow-ups?userId=${owner}&dueBefore=${dueBefore}&limit=100`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const items = (response.json as { items: { activityId: string; assigneeId: string }[] }).items;
          expect(items.map((item) => item.activityId)).toContain(activity.id);
          expect(items.every((item) => item.assigneeId === owner)).toBe(true);
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
