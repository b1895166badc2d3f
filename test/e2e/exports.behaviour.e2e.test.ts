import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#shared/core/clock';
import { ExportQuota, type ExportQuotaStore } from '#shared/read-guard/export-quota';
import { createExportQuota, useExportQuota } from '#shared/read-guard/export-quota.container';
import { api, useTestGateway } from '#test/support/e2e';
import { startExport, waitForExport } from '#test/support/exports';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;

/** The export quota in memory for ONE demo user (exec): two exports, so the third is refused; everyone else the real one. */
const strictStore: ExportQuotaStore = (() => {
  const counts = new Map<string, number>();
  return {
    add: async (username, window, amounts) => {
      const key = `${username}#${window}`;
      counts.set(key, (counts.get(key) ?? 0) + amounts.exports);
      return { window, exports: { current: counts.get(key)!, previous: 0 }, rows: { current: 0, previous: 0 } };
    },
  };
})();

describe('exports end to end (the job writes to s3rver, the file is fetched through the presigned URL)', () => {
  let client: Client;
  const tag = `x${randomBytes(4).toString('hex')}`;
  const names = { formula: `=HYPERLINK("http://evil.example","${uniqueName('formula')}")`, plain: uniqueName('导出 客户') };

  useTestGateway((gateway) => (client = gateway.client));

  beforeAll(() => {
    const strict = new ExportQuota({ store: strictStore, clock: systemClock, policy: { exports: 2, rows: 1_000_000, windowMs: 86_400_000 } });
    let usual: ReturnType<typeof createExportQuota> | undefined;
    const quotaOf = (username: string) => (username === 'exec' ? strict : (usual ??= createExportQuota()));
    useExportQuota({
      claimExport: (username) => quotaOf(username).claimExport(username),
      countRows: (username, rows) => quotaOf(username).countRows(username, rows),
    });
  });
  afterAll(() => useExportQuota(undefined));

  beforeAll(async () => {
    for (const [name, extra] of [
      [names.formula, { level: 'key-prospect', credit: 4 }],
      [names.plain, { level: 'ordinary', registeredCapital: { amount: 123_456, currency: 'CNY' } }],
    ] as const) {
      const created = await client.post('/v1/customers', { name, ownerId: 'am1', tags: [tag], ...extra }, { as: 'admin' });
      expect(created.status, created.text).toBe(201);
    }
  });

  it('exports customers as CSV: UTF-8 BOM, English headers, labels for codes, formulas neutralised, the filters applied', async () => {
    // Act
    const started = await startExport(client, 'sales', { entity: 'customers', format: 'csv', filters: { tags: tag } });
    const done = await waitForExport(client, started.id, 'sales');
    const file = await fetch(done.download!.url);
    const bytes = new Uint8Array(await file.arrayBuffer());

    // Assess
    expect(done.status, JSON.stringify(done)).toBe('completed');
    expect(done.progress.rows).toBe(2);
    expect(done.fileName).toMatch(/^customers-\d{8}-\d{4}\.csv$/);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(done.fileName);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { parse } = await import('csv-parse/sync');
    const [header, ...rows] = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    expect(header!.slice(0, 5)).toEqual(['ID', 'Customer no.', 'Name', 'Level', 'Status']);
    const byName = new Map(rows.map((row) => [row[2], Object.fromEntries(header!.map((column, index) => [column, row[index]]))]));
    expect(byName.get(`'${names.formula}`)?.['Level']).toBe('重点开发客户');
    expect(byName.get(names.plain)).toMatchObject({ Level: '普通客户', 'Registered capital': '1234.56', 'Registered capital currency': 'CNY', Tags: tag });
    expect(rows).toHaveLength(2);
  });

  it('exports customers as XLSX with typed cells (numbers, dates) and neutralised text', async () => {
    // Act
    const started = await startExport(client, 'admin', { entity: 'customers', format: 'xlsx', filters: { tags: tag, level: 'key-prospect' } });
    const done = await waitForExport(client, started.id, 'admin');
    const file = await fetch(done.download!.url);
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);

    // Assess
    expect(done.progress.rows, JSON.stringify(done)).toBe(1);
    const sheet = workbook.getWorksheet('Customers')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = sheet.getRow(2);
    const cell = (name: string) => row.getCell(header.indexOf(name) + 1).value;
    expect(sheet.rowCount).toBe(2);
    expect(cell('Name')).toBe(`'${names.formula}`);
    expect(cell('Credit')).toBe(4);
    expect(cell('Created at')).toBeInstanceOf(Date);
    expect(cell('Level')).toBe('重点开发客户');
  });

  it('shows another manager the export without its link; account managers 403; bad filters 400 naming the filter', async () => {
    // Prepare
    const started = await startExport(client, 'sales', { entity: 'orders', format: 'csv', filters: { status: 'cancelled', from: '2001-01-01', to: '2001-01-02' } });
    await waitForExport(client, started.id, 'sales');

    // Act
    const byAdmin = await client.get<{ status: string; download?: unknown; progress: { rows: number } }>(`/v1/exports/${started.id}`, { as: 'admin' });
    const byAm = await client.post('/v1/exports', { entity: 'customers', format: 'csv' }, { as: 'am1' });
    const badCode = await client.post<{ errors: { path: string }[] }>('/v1/exports', { entity: 'customers', format: 'csv', filters: { level: 'no-such-level' } }, { as: 'sales' });
    const badRange = await client.post<{ errors: { path: string }[] }>('/v1/exports', { entity: 'activities', format: 'xlsx', filters: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, { as: 'sales' });
    const unknown = await client.post<{ errors: { path: string }[] }>('/v1/exports', { entity: 'orders', format: 'csv', filters: { ownerId: 'am1' } }, { as: 'sales' });

    // Assess
    expect(byAdmin.json).toMatchObject({ status: 'completed', progress: { rows: 0 } });
    expect(byAdmin.json.download).toBeUndefined();
    expect(byAm.status).toBe(403);
    expect(badCode.status).toBe(400);
    expect(badCode.json.errors.map((error) => error.path)).toEqual(['body.filters.level']);
    expect(badRange.status).toBe(400);
    expect(badRange.json.errors.map((error) => error.path)).toEqual(['body.filters.to']);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors.map((error) => error.path)).toContain('body.filters.ownerId');
  });

  it('refuses an export over the quota with 429, Retry-After and a problem, and starts nothing', async () => {
    // Prepare: exec's quota here is 2 exports
    for (let started = 0; started < 2; started += 1) await startExport(client, 'exec', { entity: 'orders', format: 'csv', filters: { from: '2001-01-01', to: '2001-01-02' } });

    // Act
    const refused = await client.post<{ type: string; status: number; detail: string }>('/v1/exports', { entity: 'orders', format: 'csv' }, { as: 'exec' });

    // Assess
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.json.type).toContain('export-quota-exceeded');
    expect(refused.json.detail).toContain('at most 2 exports');
  });
});
