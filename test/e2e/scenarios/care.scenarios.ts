import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { ApiResponse, api } from '#test/support/e2e';
import { arrangeCustomer, uniqueName, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
export type CareListAnswer = { userId: string; items: { kind: string; customerId: string; contactId?: string; occasion: string; at: string }[]; nextCursor: string | null };

/** A customer of `owner` with a contact whose birthday is `days` from now; the window around that day. */
export const arrangeBirthday = async (client: Client, owner: string, days = 20) => {
  const customer = await arrangeCustomer(client, owner);
  const day = new Date(Date.now() + days * 86_400_000);
  const contact = await client.post<{ id: string }>(
    `/v1/customers/${customer.id}/contacts`,
    { name: uniqueName('contact'), specialDays: [{ type: 'birthday', date: day.toISOString().slice(5, 10) }] },
    { as: 'admin' },
  );
  expect(contact.status, contact.text).toBe(201);
  const from = new Date(day.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(day.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  return { customer, contactId: contact.json.id, window: `from=${from}&to=${to}` };
};

/**
 * Every item of a care list, following `nextCursor` (the user's customers a page at a time: the run's other tests give
 * the demo users many customers).
 */
export const allCareItems = async (client: Client, first: ApiResponse, path: string, as: string): Promise<CareListAnswer['items']> => {
  const items = [...(first.json as CareListAnswer).items];
  let cursor = (first.json as CareListAnswer).nextCursor;
  while (cursor) {
    const next = await client.get<CareListAnswer>(`${path}&cursor=${encodeURIComponent(cursor)}`, { as });
    expect(next.status, next.text).toBe(200);
    items.push(...next.json.items);
    cursor = next.json.nextCursor;
  }
  return items;
};

export const CARE_SCENARIOS = {
  listCare: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { customer, contactId, window } = await arrangeBirthday(client, owner);
      const path = `/v1/care?${window}&userId=${owner}&limit=50`;
      return {
        method: 'GET',
        path,
        assertUnchanged: async () => undefined,
        assertSuccess: async (response, caller) => {
          expect((response.json as CareListAnswer).userId).toBe(owner);
          const items = await allCareItems(client, response, path, caller);
          expect(items).toContainEqual(expect.objectContaining({ kind: 'special-day', customerId: customer.id, contactId, occasion: 'birthday' }));
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
