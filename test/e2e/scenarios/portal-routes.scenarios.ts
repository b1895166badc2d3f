import { expect } from 'vitest';
import type { PortalOperationId } from '#shared/routes';
import { portalTokensFor, type api } from '#test/support/e2e';
import { arrangeProduct } from './orders.scenarios';
import { arrangePortalUser, type PortalUserAnswer } from './portal.scenarios';
import type { ArrangedRequest } from './route-scenario';
import { arrangeService, expectServiceUntouched } from './services.scenarios';

type Client = ReturnType<typeof api>;

/** A signed-in portal user of a customer of their own (owned by `owner`): a token of the SECOND pool. */
export interface PortalCaller {
  readonly customerId: string;
  readonly contactId: string;
  readonly user: PortalUserAnswer;
  readonly token: string;
}

export const arrangePortalCaller = async (client: Client, owner = 'am1'): Promise<PortalCaller> => {
  const { customerId, contactId, user } = await arrangePortalUser(client, owner);
  const token = (await portalTokensFor(user.username)).idToken;
  return { customerId, contactId, user, token };
};

export interface PortalArrangedRequest extends ArrangedRequest {
  /** Ids of the caller's company and of what was arranged for it: another customer's portal user never sees one. */
  readonly ownIds: readonly string[];
}

/**
 * How to exercise one portal route (PORTAL_ROUTES) for a portal user: the fixture of their company and the request that
 * succeeds with their token. `record`: the request names a record of the company (another customer's portal user gets
 * 404, nothing written); `collection`: the route reads or writes the session's own company (another portal user reaches
 * their own company, never this one).
 */
export interface PortalRouteScenario {
  readonly target: 'record' | 'collection';
  readonly successStatus: number;
  arrange(client: Client, caller: PortalCaller): Promise<PortalArrangedRequest>;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const complaint = { type: 'complaint', title: 'E2E portal request', request: 'The goods arrived broken.' };

/** A request the portal user submitted (status created, version 1). */
const submitted = async (client: Client, caller: PortalCaller): Promise<string> => {
  const response = await client.post<{ id: string }>('/portal/v1/service-requests', complaint, { token: caller.token });
  expect(response.status, response.text).toBe(201);
  return response.json.id;
};

/** The ids of the company's requests as the portal lists them, to the last page. */
const portalServiceIds = async (client: Client, caller: PortalCaller): Promise<string[]> => {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { json: { items: { id: string }[]; nextCursor: string | null } } = await client.get(
      `/portal/v1/service-requests?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: caller.token },
    );
    ids.push(...page.json.items.map((item) => item.id));
    cursor = page.json.nextCursor;
  } while (cursor);
  return ids;
};

/** An order of the portal user's company, placed by the admin (version 1). */
const placedOrder = async (client: Client, caller: PortalCaller): Promise<string> => {
  const product = await arrangeProduct(client);
  const response = await client.post<{ id: string }>(
    `/v1/customers/${caller.customerId}/orders`,
    { deliveryAddress: '北京市朝阳区 1 号', lines: [{ productId: product.id, quantity: 2 }] },
    { as: 'admin' },
  );
  expect(response.status, response.text).toBe(201);
  return response.json.id;
};

const expectOrderAtVersion1 = async (client: Client, orderId: string): Promise<void> => {
  const current = await client.get<{ version: number; status: string }>(`/v1/orders/${orderId}`, { as: 'admin' });
  expect(current.json).toMatchObject({ version: 1, status: 'placed' });
};

/** The contact as the staff read it: its version. */
const contactVersion = async (client: Client, caller: PortalCaller): Promise<number> => {
  const current = await client.get<{ version: number }>(`/v1/customers/${caller.customerId}/contacts/${caller.contactId}`, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  return current.json.version;
};

/** Every portal route's scenario: typed by PORTAL_ROUTES, so a new portal route without one does not compile. */
export const PORTAL_ROUTE_SCENARIOS: Record<PortalOperationId, PortalRouteScenario> = {
  getPortalMe: {
    target: 'collection',
    successStatus: 200,
    async arrange(_client, caller) {
      return {
        method: 'GET',
        path: '/portal/v1/me',
        ownIds: [caller.customerId, caller.contactId],
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => expect(response.json).toMatchObject({ company: { id: caller.customerId }, contact: { id: caller.contactId } }),
      };
    },
  },
  submitPortalServiceRequest: {
    target: 'collection',
    successStatus: 201,
    async arrange(client, caller) {
      const before = await portalServiceIds(client, caller);
      return {
        method: 'POST',
        path: '/portal/v1/service-requests',
        body: complaint,
        ownIds: [caller.customerId, ...before],
        assertUnchanged: async () => expect(await portalServiceIds(client, caller)).toEqual(before),
        assertSuccess: (response) => expect(response.json).toMatchObject({ status: 'created', channel: 'portal', version: 1 }),
      };
    },
  },
  listPortalServiceRequests: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, caller) {
      const id = await submitted(client, caller);
      return {
        method: 'GET',
        path: '/portal/v1/service-requests',
        ownIds: [caller.customerId, id],
        assertUnchanged: async () => undefined,
        assertSuccess: async () => expect(await portalServiceIds(client, caller)).toContain(id),
      };
    },
  },
  getPortalServiceRequest: {
    target: 'record',
    successStatus: 200,
    async arrange(client, caller) {
      const id = await submitted(client, caller);
      return {
        method: 'GET',
        path: `/portal/v1/service-requests/${id}`,
        ownIds: [caller.customerId, id],
        assertUnchanged: () => expectServiceUntouched(client, id, 1, 'created'),
        assertSuccess: (response) => expect(response.json).toMatchObject({ id, progress: 'received' }),
      };
    },
  },
  givePortalServiceFeedback: {
    target: 'record',
    successStatus: 200,
    async arrange(client, caller) {
      const service = await arrangeService(client, 'am1', 'handled', caller.customerId);
      return {
        method: 'POST',
        path: `/portal/v1/service-requests/${service.id}/feedback`,
        body: { feedback: 'Solved, thank you.', satisfaction: 5 },
        headers: ifMatch(service.version),
        ownIds: [caller.customerId, service.id],
        assertUnchanged: () => expectServiceUntouched(client, service.id, service.version, 'handled'),
        assertSuccess: (response) => expect(response.json).toMatchObject({ id: service.id, progress: 'closed' }),
      };
    },
  },
  updatePortalContact: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, caller) {
      const version = await contactVersion(client, caller);
      return {
        method: 'PATCH',
        path: '/portal/v1/me/contact',
        body: { position: '采购经理', mobile: '13800138000' },
        headers: ifMatch(version),
        ownIds: [caller.customerId, caller.contactId],
        assertUnchanged: async () => expect(await contactVersion(client, caller)).toBe(version),
        assertSuccess: (response) => expect(response.json).toMatchObject({ id: caller.contactId, position: '采购经理', version: version + 1 }),
      };
    },
  },
  listPortalOrders: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, caller) {
      const id = await placedOrder(client, caller);
      return {
        method: 'GET',
        path: '/portal/v1/orders',
        ownIds: [caller.customerId, id],
        assertUnchanged: () => expectOrderAtVersion1(client, id),
        assertSuccess: (response) => expect((response.json as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id),
      };
    },
  },
  getPortalOrder: {
    target: 'record',
    successStatus: 200,
    async arrange(client, caller) {
      const id = await placedOrder(client, caller);
      return {
        method: 'GET',
        path: `/portal/v1/orders/${id}`,
        ownIds: [caller.customerId, id],
        assertUnchanged: () => expectOrderAtVersion1(client, id),
        assertSuccess: (response) => expect(response.json).toMatchObject({ id, status: 'placed' }),
      };
    },
  },
};
