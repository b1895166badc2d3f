import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Service = { id: string; version: number; status: string; customerId: string; assigneeId?: string; createdBy: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * A service request of a customer owned by `owner`, created by the admin and taken as far as `stage`:
 * created (v1) → assigned to `owner` (v2) → handled (v3).
 */
export const arrangeService = async (
  client: Client,
  owner: string,
  stage: 'created' | 'assigned' | 'handled' = 'assigned',
  customerId?: string,
): Promise<{ id: string; customerId: string; version: number }> => {
  const forCustomer = customerId ?? (await arrangeCustomer(client, owner)).id;
  const created = await client.post<Service>(
    '/v1/services',
    { type: 'complaint', title: `E2E ${randomUUID()}`, customerId: forCustomer, request: 'The delivery arrived damaged.' },
    { as: 'admin' },
  );
  expect(created.status, created.text).toBe(201);
  let version = 1;
  if (stage !== 'created') {
    const assigned = await client.post('/v1/services/' + created.json.id + '/assign', { assigneeId: owner }, { as: 'sales', headers: ifMatch(version) });
    expect(assigned.status, assigned.text).toBe(200);
    version += 1;
  }
  if (stage === 'handled') {
    const handled = await client.post(`/v1/services/${created.json.id}/handle`, { handling: 'Replaced the goods.' }, { as: 'admin', headers: ifMatch(version) });
    expect(handled.status, handled.text).toBe(200);
    version += 1;
  }
  return { id: created.json.id, customerId: forCustomer, version };
};

/** The request is still at the version and status arranged. */
export const expectServiceUntouched = async (client: Client, serviceId: string, version: number, status: string): Promise<void> => {
  const current = await client.get<Service>(`/v1/services/${serviceId}`, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json).toMatchObject({ version, status });
};

const move = (
  stage: 'created' | 'assigned' | 'handled',
  build: (service: { id: string; version: number }, owner: string) => { path: string; body: unknown },
): RouteScenario => ({
  target: 'record',
  successStatus: 200,
  async arrange(client, owner) {
    const service = await arrangeService(client, owner, stage);
    const request = build(service, owner);
    return {
      method: 'POST',
      ...request,
      headers: ifMatch(service.version),
      assertUnchanged: () => expectServiceUntouched(client, service.id, service.version, stage),
    };
  },
});

/** How to exercise each services route in the generated authorization matrix. */
export const SERVICE_SCENARIOS = {
  listServices: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const first = await arrangeService(client, owner, 'assigned');
      await arrangeService(client, owner, 'created', first.customerId);
      return {
        method: 'GET',
        path: `/v1/services?customerId=${first.customerId}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const items = (response.json as { items: Service[] }).items;
          expect(items).toHaveLength(2);
          expect(items.every((item) => item.customerId === first.customerId)).toBe(true);
        },
      };
    },
  },
  createService: {
    target: 'collection',
    successStatus: 201,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'POST',
        path: '/v1/services',
        body: { type: 'consultation', title: 'How do I reorder?', customerId: customer.id, request: 'Asked for the reorder process.' },
        assertUnchanged: async () => {
          const found = await client.get<{ items: unknown[] }>(`/v1/services?customerId=${customer.id}`, { as: 'admin' });
          expect(found.json.items).toEqual([]);
        },
        assertSuccess: (response, caller) => {
          expect(response.json).toMatchObject({ status: 'created', createdBy: caller, customerId: customer.id, version: 1 });
          expect(response.headers.get('location')).toMatch(/^\/v1\/services\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getService: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const service = await arrangeService(client, owner, 'assigned');
      return {
        method: 'GET',
        path: `/v1/services/${service.id}`,
        assertUnchanged: () => expectServiceUntouched(client, service.id, service.version, 'assigned'),
        assertSuccess: (response) => {
          expect((response.json as { history: unknown[] }).history).toHaveLength(2);
        },
      };
    },
  },
  assignService: move('created', (service, owner) => ({ path: `/v1/services/${service.id}/assign`, body: { assigneeId: owner } })),
  handleService: move('assigned', (service) => ({ path: `/v1/services/${service.id}/handle`, body: { handling: 'Called the customer back.' } })),
  recordServiceFeedback: move('handled', (service) => ({
    path: `/v1/services/${service.id}/feedback`,
    body: { feedback: 'Solved quickly.', satisfaction: 4 },
  })),
} satisfies Partial<Record<OperationId, RouteScenario>>;
