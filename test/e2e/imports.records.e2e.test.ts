import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { startImport, waitForImport } from '#test/support/imports';
import { defineField, uniqueFieldKey } from './scenarios/custom-fields.scenarios';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Customer = { id: string; customerNo: string; version: number };
type Contact = { id: string; name: string; mobile?: string; custom?: Record<string, unknown>; specialDays?: { type: string; date: string }[]; isPrimary: boolean };
type Product = { id: string; code: string; name: string; unitPrice: { amount: number }; stockOnHand: number; active: boolean; version: number; costPrice?: { amount: number } };
type FailedRows = { items: { line: number; errors: { path: string }[] }[] };

const productCode = () => `IMP-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

/**
 * Issue 16, imports of contacts and products through the local gateway and s3rver: each row through the feature's
 * own create (its scope rules, its transaction), re-runs replayed, the code of a product as its natural key.
 */
describe('imports of contacts and products', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const customerOf = async (as: string, owner?: string): Promise<Customer> => {
    const created = await client.post<Customer>('/v1/customers', { name: uniqueName('import contacts'), level: 'ordinary', ...(owner ? { ownerId: owner } : {}) }, { as });
    expect(created.status, created.text).toBe(201);
    return created.json;
  };

  it('imports contacts to the customers the rows name; an account manager only to their own; a re-run doubles nothing', async () => {
    // Prepare — one customer of am1's, one of am2's.
    const [mine, theirs] = [await customerOf('am1'), await customerOf('am2')];
    const csv = [
      '客户编号,姓名,手机,生日,主联系人',
      `${mine.customerNo},张三,13800000001,1990-05-31,是`,
      `${mine.customerNo},李四,13800000002,,否`,
      `${theirs.customerNo},王五,13800000003,,否`,
      `NO-SUCH-NUMBER,赵六,,,`,
      `${mine.customerNo},钱七,not a phone,,`,
    ].join('\n');

    // Act
    const first = await waitForImport(client, (await startImport(client, 'am1', csv, { entity: 'contacts' })).id, 'am1');
    const rows = await client.get<FailedRows>(`/v1/imports/${first.id}/rows?status=failed`, { as: 'am1' });
    const again = await waitForImport(client, (await startImport(client, 'am1', csv, { entity: 'contacts' })).id, 'am1');
    const contacts = await client.get<{ items: Contact[] }>(`/v1/customers/${mine.id}/contacts`, { as: 'am1' });
    const theirContacts = await client.get<{ items: Contact[] }>(`/v1/customers/${theirs.id}/contacts`, { as: 'am2' });

    // Assess
    expect(first.status, JSON.stringify(first)).toBe('completed');
    expect(first.progress).toMatchObject({ read: 5, created: 2, failed: 3 });
    expect(rows.json.items.map((row) => [row.line, row.errors.map((error) => error.path)])).toEqual([[4, ['customerNo']], [5, ['customerNo']], [6, ['mobile']]]);
    expect(again.progress).toMatchObject({ created: 0, skipped: 2, failed: 3 });
    const byName = new Map(contacts.json.items.map((contact) => [contact.name, contact]));
    expect([...byName.keys()].sort()).toEqual(['张三', '李四']);
    expect(byName.get('张三')).toMatchObject({ mobile: '13800000001', isPrimary: true, specialDays: [{ type: 'birthday', date: '1990-05-31' }] });
    expect(theirContacts.json.items).toEqual([]);
  });

  it('imports contacts\' custom-field columns by label or `custom.<key>` as the API takes them; a bad value fails its row, naming the column', async () => {
    // Prepare — a contact select field headed by its label (options by label), a number field by `custom.<key>`.
    const customer = await customerOf('am1');
    const group = await defineField(client, { entityType: 'contact', key: uniqueFieldKey('group'), label: uniqueName('客户群'), type: 'singleSelect', options: [{ code: 'east', label: '华东' }] });
    const visits = await defineField(client, { entityType: 'contact', key: uniqueFieldKey('visits'), label: 'visits', type: 'number' });
    const csv = [
      `客户编号,姓名,${group.label},custom.${visits.key}`,
      `${customer.customerNo},周一,华东,"1,200"`,
      `${customer.customerNo},吴二,华北,3`,
      `${customer.customerNo},郑三,,many`,
    ].join('\n');

    // Act
    const job = await waitForImport(client, (await startImport(client, 'am1', csv, { entity: 'contacts' })).id, 'am1');
    const rows = await client.get<FailedRows>(`/v1/imports/${job.id}/rows?status=failed`, { as: 'am1' });
    const contacts = await client.get<{ items: Contact[] }>(`/v1/customers/${customer.id}/contacts`, { as: 'am1' });

    // Assess
    expect(job.progress).toMatchObject({ read: 3, created: 1, failed: 2 });
    expect(rows.json.items.map((row) => [row.line, row.errors.map((error) => error.path)])).toEqual([[3, [`custom.${group.key}`]], [4, [`custom.${visits.key}`]]]);
    expect(contacts.json.items.map((contact) => [contact.name, contact.custom])).toEqual([['周一', { [group.key]: 'east', [visits.key]: 1200 }]]);
  });

  it('reverts a contact import: the contacts it created are removed, one changed since is kept and listed', async () => {
    // Prepare
    const customer = await customerOf('sales');
    const csv = ['customerId,name', `${customer.id},Ann`, `${customer.id},Bob`].join('\n');
    const committed = await waitForImport(client, (await startImport(client, 'sales', csv, { entity: 'contacts' })).id, 'sales');
    const listed = await client.get<{ items: (Contact & { version: number })[] }>(`/v1/customers/${customer.id}/contacts`, { as: 'sales' });
    const bob = listed.json.items.find((contact) => contact.name === 'Bob')!;
    await client.patch(`/v1/customers/${customer.id}/contacts/${bob.id}`, { memo: 'changed' }, { as: 'sales', headers: { 'if-match': `"${bob.version}"` } });

    // Act
    const revert = await client.post(`/v1/imports/${committed.id}/revert`, undefined, { as: 'sales', headers: { 'if-match': `"${committed.version}"` } });
    const reverted = await waitForImport(client, committed.id, 'sales');
    const after = await client.get<{ items: Contact[] }>(`/v1/customers/${customer.id}/contacts`, { as: 'sales' });

    // Assess
    expect(revert.status, revert.text).toBe(200);
    expect(reverted.progress).toMatchObject({ created: 2, reverted: 1, revertRefused: 1 });
    expect(after.json.items.map((contact) => contact.name)).toEqual(['Bob']);
  });

  it('imports products as the administrator (prices in yuan, category by label, opening stock); a code in use is skipped or updated', async () => {
    // Prepare
    const [a, b] = [productCode(), productCode()];
    const header = '产品编号,产品名称,单位,单价,成本价,库存';
    const csv = [header, `${a},导入产品甲,台,"1,200.50",800,5`, `${b},导入产品乙,个,12,,0`, `${productCode()},坏价格,个,abc,,`].join('\n');
    const update = [header, `${a},导入产品甲（新）,台,1300,,99`].join('\n');

    // Act
    const first = await waitForImport(client, (await startImport(client, 'admin', csv, { entity: 'products' })).id, 'admin');
    const skipped = await waitForImport(client, (await startImport(client, 'admin', update, { entity: 'products' })).id, 'admin');
    const updated = await waitForImport(client, (await startImport(client, 'admin', update, { entity: 'products', onDuplicate: 'update' })).id, 'admin');
    const products = await client.get<{ items: Product[] }>(`/v1/products?q=${encodeURIComponent('导入产品甲')}&limit=100`, { as: 'admin' });

    // Assess
    expect(first.progress).toMatchObject({ read: 3, created: 2, failed: 1 });
    expect(skipped.progress).toMatchObject({ read: 1, skipped: 1, created: 0 });
    expect(updated.progress).toMatchObject({ read: 1, updated: 1 });
    const product = products.json.items.find((item) => item.code === a)!;
    // The stock column does not move stock on update: stock changes only by adjustments and orders.
    expect(product).toMatchObject({ name: '导入产品甲（新）', unitPrice: { amount: 130000 }, costPrice: { amount: 80000 }, stockOnHand: 5 });
  });

  it('lets only who may create products import them: a sales manager 403, nothing recorded', async () => {
    // Act
    const asManager = await client.post<{ status: number; detail: string }>('/v1/imports', { entity: 'products', format: 'csv' }, { as: 'sales' });
    const asAccountManager = await client.post('/v1/imports', { entity: 'products', format: 'csv' }, { as: 'am1' });

    // Assess
    expect(asManager.status).toBe(403);
    expect(asManager.json.detail).toContain('products:write');
    expect(asAccountManager.status).toBe(403);
  });
});
