import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { customersCsv, startImport, waitForImport } from '#test/support/imports';
import { defineField, uniqueFieldKey } from './scenarios/custom-fields.scenarios';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Customer = { id: string; name: string; ownerId: string; level: string; region?: string; version: number; custom?: Record<string, unknown> };

/** The customers of `names` that `as` finds by name (one search each). */
const findByName = async (client: Client, names: readonly string[], as = 'admin'): Promise<Customer[]> => {
  const found: Customer[] = [];
  for (const name of names) {
    const answer = await client.get<{ items: Customer[] }>(`/v1/customers?q=${encodeURIComponent(name)}&limit=100`, { as });
    found.push(...answer.json.items.filter((customer) => customer.name === name));
  }
  return found;
};

describe('imports end to end (upload through the presigned URL to s3rver, the job started by its event)', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('imports a GB18030 CSV with Chinese headers and dictionary labels, as codes; the account manager owns the rows', async () => {
    // Prepare — what Chinese Excel saves as "CSV": GB18030, Chinese column names, the level's label.
    const names = [uniqueName('导入 甲'), uniqueName('导入 乙')];
    const csv = ['客户名称,客户等级,电话', `${names[0]},重点开发客户,010-5555 0101`, `${names[1]},普通客户,`].join('\r\n');
    const { default: iconv } = await import('iconv-lite');
    const bytes = iconv.encode(csv, 'gb18030');

    // Act
    const { id, upload } = await startImport(client, 'am1', bytes);
    const job = await waitForImport(client, id, 'am1');

    // Assess
    expect(upload.status).toBe(200);
    expect(job.status, JSON.stringify(job)).toBe('completed');
    expect(job.progress).toMatchObject({ total: 2, read: 2, created: 2, failed: 0 });
    const customers = await findByName(client, names);
    expect(customers.map((customer) => [customer.ownerId, customer.level]).sort()).toEqual([['am1', 'key-prospect'], ['am1', 'ordinary']]);
  });

  it('reports each failed row with its line, field and message, and writes the good rows only', async () => {
    // Prepare
    const good = uniqueName('good');
    const csv = ['name,level,credit,email', `${good},ordinary,3,a@example.com`, `${uniqueName('bad')},gold,3,`, `${uniqueName('bad')},ordinary,9,not-an-email`, `"=HYPERLINK(""http://x"")",ordinary,,`].join('\n');

    // Act
    const { id } = await startImport(client, 'sales', csv);
    const job = await waitForImport(client, id, 'sales');
    const rows = await client.get<{ items: { line: number; errors: { path: string }[] }[] }>(`/v1/imports/${id}/rows?status=failed`, { as: 'sales' });

    // Assess
    expect(job.progress).toMatchObject({ read: 4, created: 1, failed: 3 });
    expect(rows.json.items.map((row) => [row.line, row.errors.map((error) => error.path).sort()])).toEqual([
      [3, ['level']],
      [4, ['credit', 'email']],
      [5, ['name']],
    ]);
    expect(await findByName(client, [good])).toHaveLength(1);
  });

  it('never doubles a row: the same file imported twice creates each customer once (the second run skips)', async () => {
    // Prepare
    const names = Array.from({ length: 10 }, (_, index) => uniqueName(`rerun ${index}`));
    const csv = customersCsv(names);

    // Act
    const first = await waitForImport(client, (await startImport(client, 'admin', csv)).id, 'admin');
    const second = await waitForImport(client, (await startImport(client, 'admin', csv)).id, 'admin');

    // Assess
    expect(first.progress).toMatchObject({ created: 10, skipped: 0 });
    expect(second.progress).toMatchObject({ created: 0, skipped: 10 });
    expect(await findByName(client, names.slice(0, 5))).toHaveLength(5);
  });

  it('refuses a file with an unknown column as a whole: failed, the column named, nothing written', async () => {
    // Prepare
    const name = uniqueName('unknown column');
    const csv = ['name,favourite colour', `${name},blue`].join('\n');

    // Act
    const job = await waitForImport(client, (await startImport(client, 'admin', csv)).id, 'admin');

    // Assess
    expect(job.status).toBe('failed');
    expect(job.problemErrors).toEqual([{ path: 'header[2]', message: 'Unknown column "favourite colour".' }]);
    expect(await findByName(client, [name])).toEqual([]);
  });

  it('validate mode writes nothing; revert archives what a commit created, unless it changed since', async () => {
    // Prepare
    const names = [uniqueName('revert a'), uniqueName('revert b')];
    const validated = await waitForImport(client, (await startImport(client, 'admin', customersCsv(names), { mode: 'validate' })).id, 'admin');
    const committed = await waitForImport(client, (await startImport(client, 'admin', customersCsv(names))).id, 'admin');
    const [changed] = await findByName(client, [names[1]!]);
    await client.patch(`/v1/customers/${changed!.id}`, { memo: 'edited after the import' }, { as: 'admin', headers: { 'if-match': `"${changed!.version}"` } });

    // Act
    const revert = await client.post(`/v1/imports/${committed.id}/revert`, undefined, { as: 'admin', headers: { 'if-match': `"${committed.version}"` } });
    const reverted = await waitForImport(client, committed.id, 'admin');
    const refused = await client.get<{ items: { recordId: string }[] }>(`/v1/imports/${committed.id}/rows?status=revert-refused`, { as: 'admin' });

    // Assess
    expect(validated.progress).toMatchObject({ valid: 2, created: 0 });
    expect(revert.status, revert.text).toBe(200);
    expect(reverted.progress).toMatchObject({ created: 2, reverted: 1, revertRefused: 1 });
    expect(refused.json.items.map((row) => row.recordId)).toEqual([changed!.id]);
    expect((await findByName(client, names)).map((customer) => customer.id)).toEqual([changed!.id]);
  });

  it('refuses an executive (403) and hides another account manager\'s import (404)', async () => {
    // Prepare
    const { id } = await startImport(client, 'am2', customersCsv([uniqueName('hidden')]), { mode: 'validate' });

    // Act
    const asExec = await client.post('/v1/imports', { entity: 'customers', format: 'csv' }, { as: 'exec' });
    const asOther = await client.get(`/v1/imports/${id}`, { as: 'am1' });

    // Assess
    expect(asExec.status).toBe(403);
    expect(asOther.status).toBe(404);
  });
  // Last in the file: it defines a required custom field, which would refuse the rows of the tests above.
  it('imports custom-field columns by key or label, as the API takes them; a bad value or a missing required one fails its row', async () => {
    // Prepare — a select field whose column is its label (options by label too), a money field by `custom.<key>`.
    const tier = await defineField(client, { entityType: 'customer', key: uniqueFieldKey('tier'), label: '导入等级', type: 'singleSelect', options: [{ code: 'gold', label: '金牌' }, { code: 'silver', label: '银牌' }] });
    const budget = await defineField(client, { entityType: 'customer', key: uniqueFieldKey('budget'), label: 'budget', type: 'money' });
    const [gold, bad] = [uniqueName('custom gold'), uniqueName('custom bad')];
    const csv = ['name,导入等级,custom.' + budget.key, `${gold},金牌,"1,200.50"`, `${bad},platinum,12`].join('\n');

    // Act
    const job = await waitForImport(client, (await startImport(client, 'sales', csv)).id, 'sales');
    const rows = await client.get<{ items: { line: number; errors: { path: string }[] }[] }>(`/v1/imports/${job.id}/rows?status=failed`, { as: 'sales' });
    const required = await defineField(client, { entityType: 'customer', key: uniqueFieldKey('must'), label: 'must', type: 'text', required: true });
    const missing = await waitForImport(client, (await startImport(client, 'sales', customersCsv([uniqueName('custom missing')]))).id, 'sales');
    const missingRows = await client.get<{ items: { errors: { path: string }[] }[] }>(`/v1/imports/${missing.id}/rows?status=failed`, { as: 'sales' });
    await client.patch(`/v1/custom-fields/${required.id}`, { active: false }, { as: 'admin', headers: { 'if-match': `"${required.version}"` } });

    // Assess
    expect(job.progress).toMatchObject({ read: 2, created: 1, failed: 1 });
    const [created] = await findByName(client, [gold]);
    expect(created!.custom).toEqual({ [tier.key]: 'gold', [budget.key]: { amount: 120050, currency: 'CNY' } });
    expect(rows.json.items.map((row) => [row.line, row.errors.map((error) => error.path)])).toEqual([[3, [`custom.${tier.key}`]]]);
    expect(missing.progress).toMatchObject({ read: 1, created: 0, failed: 1 });
    expect(missingRows.json.items[0]!.errors.map((error) => error.path)).toEqual([`custom.${required.key}`]);
  });
});
