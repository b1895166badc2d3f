import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import type { RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

export interface CustomFieldBody {
  id: string;
  entityType: string;
  key: string;
  label: string;
  type: string;
  required: boolean;
  options?: { code: string; label: string; active: boolean }[];
  active: boolean;
  order: number;
  version: number;
}

/** A key no other test uses: `e2e_<label>_<hex>`. */
export const uniqueFieldKey = (label: string): string => `e2e_${label}_${randomBytes(4).toString('hex')}`;

export const listFields = async (client: Client, entityType: string): Promise<CustomFieldBody[]> => {
  const response = await client.get<{ items: CustomFieldBody[] }>(`/v1/custom-fields?entityType=${entityType}`, { as: 'admin' });
  expect(response.status, response.text).toBe(200);
  return response.json.items;
};

/** Defines a field as the administrator (not required unless asked: see test/support/custom-fields-isolation.ts). */
export const defineField = async (client: Client, body: Record<string, unknown>): Promise<CustomFieldBody> => {
  const response = await client.post<CustomFieldBody>('/v1/custom-fields', body, { as: 'admin' });
  expect(response.status, response.text).toBe(201);
  return response.json;
};

/** How to exercise the custom-field routes in the generated authorization matrix (everyone reads, admin writes). */
export const CUSTOM_FIELD_SCENARIOS = {
  listCustomFields: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const field = await defineField(client, { entityType: 'order', key: uniqueFieldKey('list'), label: '列表', type: 'number' });
      return {
        method: 'GET',
        path: '/v1/custom-fields?entityType=order',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const { items } = response.json as { items: CustomFieldBody[] };
          expect(items.every((item) => item.entityType === 'order')).toBe(true);
          expect(items.map((item) => item.id)).toContain(field.id);
        },
      };
    },
  },
  createCustomField: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      const key = uniqueFieldKey('matrix');
      return {
        method: 'POST',
        path: '/v1/custom-fields',
        body: { entityType: 'contact', key, label: '矩阵', type: 'singleSelect', options: [{ code: 'a', label: 'A' }, { code: 'b', label: 'B' }] },
        assertUnchanged: async () => {
          expect((await listFields(client, 'contact')).map((field) => field.key)).not.toContain(key);
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ entityType: 'contact', key, type: 'singleSelect', required: false, active: true, version: 1 });
        },
      };
    },
  },
  updateCustomField: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const field = await defineField(client, {
        entityType: 'service',
        key: uniqueFieldKey('patch'),
        label: '原名',
        type: 'multiSelect',
        options: [{ code: 'x', label: 'X' }, { code: 'y', label: 'Y' }],
      });
      return {
        method: 'PATCH',
        path: `/v1/custom-fields/${field.id}`,
        body: { label: '新名', options: [{ code: 'x', label: 'X' }, { code: 'y', label: 'Y', active: false }, { code: 'z', label: 'Z' }] },
        headers: { 'if-match': '"1"' },
        assertUnchanged: async () => {
          const stored = (await listFields(client, 'service')).find((candidate) => candidate.id === field.id);
          expect(stored).toMatchObject({ label: '原名', version: 1 });
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: field.id, label: '新名', version: 2 });
          expect((response.json as CustomFieldBody).options?.map((option) => option.code)).toEqual(['x', 'y', 'z']);
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
