import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { startExport, waitForExport } from '#test/support/exports';
import { startImport, waitForImport } from '#test/support/imports';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;

/**
 * An exported file imports back as it is (issue 16): the export's English headers, its labels for codes, money as
 * amount + currency columns, its read-only columns (ids, derived figures, audit fields) — CSV and xlsx, customers
 * and contacts. Validate mode: every row mapped, converted and checked with the API's schemas, nothing written.
 */
describe('export → import round trip', () => {
  let client: Client;
  const tag = `rt${randomBytes(4).toString('hex')}`;
  let customerId = '';

  useTestGateway((gateway) => (client = gateway.client));

  beforeAll(async () => {
    // Prepare — customers using most fields: dictionary codes, a Chinese province and city, money in two currencies,
    // a person with gender and birthday; and contacts of one of them.
    const bodies = [
      {
        name: uniqueName('往返 公司'), level: 'key-prospect', region: 'west-china', industry: 'electronics', source: 'trade-show', credit: 4, satisfaction: 3,
        phone: '0755-8888 1234', email: `info@${tag}.cn`, website: 'https://example.cn', address: '深圳市南山区科技园', zip: '518000', province: '440000', city: '440300', district: '南山区',
        licenceNo: `LIC-${tag}`, nationalTaxNo: `NT${tag}`, registeredCapital: { amount: 123_456, currency: 'CNY' }, annualRevenue: { amount: 99_00, currency: 'USD' },
        employeeCount: 120, memo: '备注; 含分号', tags: [tag, '重点'], type: 'partner', status: 'active', ownerId: 'am1',
      },
      { name: uniqueName('往返 个人'), kind: 'person', gender: 'female', birthday: '1980-05-31', level: 'ordinary', tags: [tag] },
    ];
    for (const body of bodies) {
      const created = await client.post<{ id: string }>('/v1/customers', body, { as: 'admin' });
      expect(created.status, created.text).toBe(201);
      customerId ||= created.json.id;
    }
    for (const contact of [
      { name: '王芳', position: '采购经理', mobile: '13800138000', email: `wang@${tag}.cn`, isPrimary: true, hobbies: ['茶', '围棋'] },
      { name: 'Li Lei', officePhone: '0755-1234 5678', isPrimary: false, memo: 'english name' },
    ]) {
      const created = await client.post(`/v1/customers/${customerId}/contacts`, contact, { as: 'admin' });
      expect(created.status, created.text).toBe(201);
    }
  });

  const exported = async (entity: 'customers' | 'contacts', format: 'csv' | 'xlsx', filters: Record<string, unknown>): Promise<Uint8Array> => {
    const started = await startExport(client, 'admin', { entity, format, filters });
    const done = await waitForExport(client, started.id, 'admin');
    expect(done.status, JSON.stringify(done)).toBe('completed');
    return new Uint8Array(await (await fetch(done.download!.url)).arrayBuffer());
  };

  it.each(['csv', 'xlsx'] as const)('a customers export (%s) validates with 0 failed rows', async (format) => {
    // Act
    const file = await exported('customers', format, { tags: tag });
    const { id } = await startImport(client, 'admin', file, { format, mode: 'validate' });
    const job = await waitForImport(client, id, 'admin');
    const rows = await client.get<{ items: unknown[] }>(`/v1/imports/${id}/rows?status=failed`, { as: 'admin' });

    // Assess
    expect(job.status, JSON.stringify(job)).toBe('completed');
    expect(rows.json.items, JSON.stringify(rows.json.items)).toEqual([]);
    expect(job.progress).toMatchObject({ total: 2, read: 2, valid: 2, failed: 0 });
  });

  it.each(['csv', 'xlsx'] as const)('a contacts export (%s) validates with 0 failed rows', async (format) => {
    // Act
    const file = await exported('contacts', format, { customerId });
    const { id } = await startImport(client, 'admin', file, { entity: 'contacts', format, mode: 'validate' });
    const job = await waitForImport(client, id, 'admin');
    const rows = await client.get<{ items: unknown[] }>(`/v1/imports/${id}/rows?status=failed`, { as: 'admin' });

    // Assess
    expect(job.status, JSON.stringify(job)).toBe('completed');
    expect(rows.json.items, JSON.stringify(rows.json.items)).toEqual([]);
    expect(job.progress).toMatchObject({ total: 2, read: 2, valid: 2, failed: 0 });
  });
});
