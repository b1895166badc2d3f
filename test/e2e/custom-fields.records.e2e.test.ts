import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '#test/support/e2e';
import { api, useTestGateway } from '#test/support/e2e';
import { defineField, uniqueFieldKey, type CustomFieldBody } from './scenarios/custom-fields.scenarios';
import { arrangeProduct } from './scenarios/orders.scenarios';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Record_ = { id: string; version: number; createdAt: string; custom?: Record<string, unknown> };
type Problem = { status: number; errors?: { path: string; message: string }[] };
type Audit = { items: { action: string; changes: { field: string; old?: unknown; new?: unknown }[] }[] };

/**
 * Issue 17, custom fields on contacts, opportunities, orders and service requests (customers:
 * custom-fields.customers.e2e.test.ts), through the local gateway with real tokens: values set on create, read
 * on GET and in the lists (and, for contacts, the customer 360 view), audited per custom.<key>, kept when the
 * field is deactivated, merged by PATCH where the record has one; bad values refused naming body.custom.<key>.
 */
describe('custom fields on contacts, opportunities, orders and service requests', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  let customerId = '';
  let productId = '';
  beforeAll(async () => {
    customerId = (await arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号' })).id;
    productId = (await arrangeProduct(client)).id;
  });

  interface Kind {
    readonly entityType: 'contact' | 'opportunity' | 'order' | 'service';
    create(custom?: Record<string, unknown>): Promise<ApiResponse<Record_>>;
    path(id: string): string;
    /** The record as a list shows it. */
    listed(record: Record_): Promise<Record_ | undefined>;
    readonly patchable: boolean;
  }

  const kinds: Kind[] = [
    {
      entityType: 'contact',
      create: (custom) => client.post<Record_>(`/v1/customers/${customerId}/contacts`, { name: '王芳', ...(custom ? { custom } : {}) }, { as: 'am1' }),
      path: (id) => `/v1/customers/${customerId}/contacts/${id}`,
      listed: async (record) =>
        (await client.get<{ items: Record_[] }>(`/v1/customers/${customerId}/contacts?limit=100`, { as: 'am1' })).json.items.find((item) => item.id === record.id),
      patchable: true,
    },
    {
      entityType: 'opportunity',
      create: (custom) =>
        client.post<Record_>('/v1/opportunities', { prospectName: uniqueName('prospect'), summary: '年度采购', successRate: 40, ...(custom ? { custom } : {}) }, { as: 'sales' }),
      path: (id) => `/v1/opportunities/${id}`,
      listed: async (record) => {
        const window = `createdFrom=${encodeURIComponent(record.createdAt)}&createdTo=${encodeURIComponent(record.createdAt)}`;
        return (await client.get<{ items: Record_[] }>(`/v1/opportunities?${window}&limit=100`, { as: 'sales' })).json.items.find((item) => item.id === record.id);
      },
      patchable: true,
    },
    {
      entityType: 'order',
      create: (custom) =>
        client.post<Record_>(`/v1/customers/${customerId}/orders`, { lines: [{ productId, quantity: 1 }], ...(custom ? { custom } : {}) }, { as: 'am1' }),
      path: (id) => `/v1/orders/${id}`,
      listed: async (record) =>
        (await client.get<{ items: Record_[] }>(`/v1/customers/${customerId}/orders?limit=100`, { as: 'am1' })).json.items.find((item) => item.id === record.id),
      patchable: false,
    },
    {
      entityType: 'service',
      create: (custom) =>
        client.post<Record_>('/v1/services', { type: 'consultation', title: '咨询', customerId, request: '请介绍新产品', ...(custom ? { custom } : {}) }, { as: 'am1' }),
      path: (id) => `/v1/services/${id}`,
      listed: async (record) =>
        (await client.get<{ items: Record_[] }>(`/v1/services?customerId=${customerId}&limit=100`, { as: 'am1' })).json.items.find((item) => item.id === record.id),
      patchable: false,
    },
  ];

  for (const kind of kinds) {
    describe(kind.entityType, () => {
      const fields = {} as Record<'tier' | 'code' | 'memo', CustomFieldBody>;
      let record: Record_;
      beforeAll(async () => {
        fields.tier = await defineField(client, { entityType: kind.entityType, key: uniqueFieldKey('tier'), label: '等级', type: 'singleSelect', options: [{ code: 'gold', label: '金' }, { code: 'silver', label: '银' }] });
        fields.code = await defineField(client, { entityType: kind.entityType, key: uniqueFieldKey('code'), label: '编码', type: 'text' });
        fields.memo = await defineField(client, { entityType: kind.entityType, key: uniqueFieldKey('memo'), label: '备注', type: 'longText' });
      });

      it('stores the values on create and shows them on GET, in its list and in the audit trail', async () => {
        // Prepare
        const values = { [fields.tier.key]: 'gold', [fields.code.key]: 'A-1' };

        // Act
        const created = await kind.create(values);
        record = created.json;
        const read = await client.get<Record_>(kind.path(record.id), { as: 'admin' });
        const listed = await kind.listed(record);
        const audit = await client.get<Audit>(`/v1/audit?entityType=${kind.entityType}&entityId=${record.id}`, { as: 'admin' });

        // Assess
        expect(created.status, created.text).toBe(201);
        expect(record.custom).toEqual(values);
        expect(read.json.custom).toEqual(values);
        expect(listed?.custom).toEqual(values);
        const creation = audit.json.items.find((entry) => entry.action === 'create');
        expect(creation?.changes).toEqual(expect.arrayContaining([{ field: `custom.${fields.tier.key}`, new: 'gold' }, { field: `custom.${fields.code.key}`, new: 'A-1' }]));
      });

      it('keeps a deactivated field\'s value on reads and refuses new values for it', async () => {
        // Prepare
        const deactivated = await client.patch(`/v1/custom-fields/${fields.code.id}`, { active: false }, { as: 'admin', headers: ifMatch(1) });

        // Act
        const read = await client.get<Record_>(kind.path(record.id), { as: 'admin' });
        const refusedCreate = await kind.create({ [fields.tier.key]: 'gold', [fields.code.key]: 'A-2' });

        // Assess
        expect(deactivated.status).toBe(200);
        expect(read.json.custom?.[fields.code.key]).toBe('A-1');
        expect(refusedCreate.status).toBe(400);
        expect((refusedCreate.json as unknown as Problem).errors?.map((error) => error.path)).toEqual([`body.custom.${fields.code.key}`]);
      });

      if (kind.patchable) {
        it('merges a PATCH (set, clear), refuses a new value for the deactivated field, audits custom.<key>', async () => {
          // Act
          const refused = await client.patch<Problem>(kind.path(record.id), { custom: { [fields.code.key]: 'A-2' } }, { as: 'admin', headers: ifMatch(record.version) });
          const patched = await client.patch<Record_>(kind.path(record.id), { custom: { [fields.tier.key]: 'silver', [fields.code.key]: null } }, { as: 'admin', headers: ifMatch(record.version) });
          const audit = await client.get<Audit>(`/v1/audit?entityType=${kind.entityType}&entityId=${record.id}`, { as: 'admin' });

          // Assess
          expect(refused.status).toBe(400);
          expect(refused.json.errors?.map((error) => error.path)).toEqual([`body.custom.${fields.code.key}`]);
          expect(patched.status, patched.text).toBe(200);
          expect(patched.json.custom).toEqual({ [fields.tier.key]: 'silver' });
          expect(audit.json.items[0]?.changes).toEqual(
            expect.arrayContaining([
              { field: `custom.${fields.tier.key}`, old: 'gold', new: 'silver' },
              { field: `custom.${fields.code.key}`, old: 'A-1' },
            ]),
          );
        });
      }

      it('refuses bad values on create, naming body.custom.<key>, and writes nothing', async () => {
        // Prepare
        const rows: [Record<string, unknown>, string][] = [
          [{ [fields.tier.key]: 5 }, fields.tier.key],
          [{ [fields.tier.key]: 'platinum' }, fields.tier.key],
          [{ ghost: 'x' }, 'ghost'],
          [{ [fields.memo.key]: 'x'.repeat(10_001) }, fields.memo.key],
        ];
        const before = await client.get<Record_>(kind.path(record.id), { as: 'admin' });

        // Act
        const answers = await Promise.all(rows.map(([custom]) => kind.create(custom)));
        const after = await client.get<Record_>(kind.path(record.id), { as: 'admin' });

        // Assess
        expect(answers.map((answer) => answer.status)).toEqual(rows.map(() => 400));
        expect(answers.map((answer) => (answer.json as unknown as Problem).errors?.map((error) => error.path))).toEqual(rows.map(([, key]) => [`body.custom.${key}`]));
        expect(after.json.version).toBe(before.json.version);
      });

      it('refuses a create without a required field (the field is released afterwards)', async () => {
        // Prepare
        const required = await defineField(client, { entityType: kind.entityType, key: uniqueFieldKey('required'), label: '必填', type: 'boolean', required: true });

        // Act
        const missing = await kind.create();
        const given = await kind.create({ [required.key]: false });
        await client.patch(`/v1/custom-fields/${required.id}`, { required: false }, { as: 'admin', headers: ifMatch(1) });

        // Assess
        expect(missing.status).toBe(400);
        expect((missing.json as unknown as Problem).errors).toEqual([{ path: `body.custom.${required.key}`, message: 'Required.' }]);
        expect(given.status, given.text).toBe(201);
        expect(given.json.custom).toEqual({ [required.key]: false });
      });
    });
  }

  it('shows contacts\' values in the customer 360 view', async () => {
    // Prepare
    const field = await defineField(client, { entityType: 'contact', key: uniqueFieldKey('wechatGroup'), label: '微信群', type: 'text' });
    const contact = await client.post<Record_>(`/v1/customers/${customerId}/contacts`, { name: '李雷', custom: { [field.key]: '华东客户群' } }, { as: 'am1' });

    // Act
    const overview = await client.get<{ contacts: Record_[] }>(`/v1/customers/${customerId}/overview`, { as: 'am1' });

    // Assess
    expect(overview.status).toBe(200);
    expect(overview.json.contacts.find((item) => item.id === contact.json.id)?.custom).toEqual({ [field.key]: '华东客户群' });
  });
});
