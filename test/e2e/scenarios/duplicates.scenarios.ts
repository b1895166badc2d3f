import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { uniqueName, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

/** Two customers of one normalised name, the second kept with ?allowDuplicate=true: an open pair. */
export const arrangeDuplicatePair = async (client: Client, owners: [string, string] = ['am1', 'am2']): Promise<{ pairId: string; ids: [string, string]; name: string }> => {
  const name = uniqueName('duplicate');
  const first = await client.post<{ id: string }>('/v1/customers', { name: `${name} 有限公司`, ownerId: owners[0] }, { as: 'admin' });
  expect(first.status, first.text).toBe(201);
  const second = await client.post<{ id: string }>('/v1/customers?allowDuplicate=true', { name: `${name.toUpperCase()} Co., Ltd.`, ownerId: owners[1] }, { as: 'admin' });
  expect(second.status, second.text).toBe(201);
  const ids = [first.json.id, second.json.id].sort() as [string, string];
  return { pairId: ids.join('-'), ids, name };
};

/** Whether the pair is on the open list (the newest 100 pairs). */
export const isOpenPair = async (client: Client, pairId: string): Promise<boolean> => {
  const listed = await client.get<{ items: { pairId: string }[] }>('/v1/customers/duplicates?limit=100', { as: 'admin' });
  expect(listed.status, listed.text).toBe(200);
  return listed.json.items.some((item) => item.pairId === pairId);
};

/** How to exercise the duplicate-pair routes in the generated authorization matrix (managers only). */
export const DUPLICATE_SCENARIOS = {
  listDuplicatePairs: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const { pairId } = await arrangeDuplicatePair(client);
      return {
        method: 'GET',
        path: '/v1/customers/duplicates?limit=100',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { items: { pairId: string }[] }).items.map((item) => item.pairId)).toContain(pairId);
        },
      };
    },
  },
  dismissDuplicatePair: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const { pairId } = await arrangeDuplicatePair(client);
      return {
        method: 'POST',
        path: `/v1/customers/duplicates/${pairId}/dismiss`,
        headers: { 'if-match': '"1"' },
        assertUnchanged: async () => expect(await isOpenPair(client, pairId)).toBe(true),
        assertSuccess: (response) => expect(response.json).toMatchObject({ pairId, status: 'dismissed' }),
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
