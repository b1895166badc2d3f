import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway, tokenFor } from '#test/support/e2e';
import { snapshotPeriod } from './scenarios/reports.scenarios';

type Client = ReturnType<typeof api>;

const REPORT_PATHS = [
  '/v1/reports/contribution?year=2026',
  '/v1/reports/composition?by=level',
  '/v1/reports/services?from=2026-01&to=2026-12',
  '/v1/reports/churn?year=2026',
  '/v1/reports/pipeline',
  '/v1/reports/receivables',
];

/** Storage attributes that must never reach a client. */
const STORAGE_ATTRIBUTE = /"(pk|sk|gsi\d+(pk|sk)|entity|shard)"\s*:/;

describe('reports: formats, roles and bad input', () => {
  let client: Client;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    baseUrl = gateway.baseUrl;
    client = api(baseUrl);
    stop = gateway.stop;
  });
  afterAll(async () => {
    await stop();
  });

  it.each(REPORT_PATHS)('%s answers JSON by default, for admin, sales manager and executive; account managers 403', async (path) => {
    for (const user of ['admin', 'sales', 'exec']) {
      const response = await client.get<Record<string, unknown>>(path, { as: user });
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.text).not.toMatch(STORAGE_ATTRIBUTE);
    }
    for (const user of ['am1', 'am2']) {
      const refused = await client.get(path, { as: user });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it.each(REPORT_PATHS)('%s answers a CSV download with Accept: text/csv (UTF-8 BOM, header row, attachment)', async (path) => {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${await tokenFor('exec')}`, accept: 'text/csv' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z]+-[\w-]+\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const [header] = text.split('\r\n');
    expect(header).toMatch(/^[a-zA-Z0-9]+(,[a-zA-Z0-9]+)+$/);
  });

  it('negotiates by Accept: q-values decide, wildcards accepted, anything else 406 (a problem, before any read)', async () => {
    const path = '/v1/reports/pipeline';
    const as = { as: 'admin' };
    expect((await client.get(path, { ...as, headers: { accept: 'text/csv;q=0.5, application/json' } })).headers.get('content-type')).toMatch(/json/);
    expect((await client.get(path, { ...as, headers: { accept: 'application/json;q=0.1, text/csv' } })).headers.get('content-type')).toMatch(/csv/);
    expect((await client.get(path, { ...as, headers: { accept: '*/*' } })).status).toBe(200);
    for (const accept of ['application/xml', 'text/html', 'text/csv;q=0']) {
      const refused = await client.get(path, { ...as, headers: { accept } });
      expect(refused.status, accept).toBe(406);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.json).toMatchObject({ status: 406, type: '/problems/not-acceptable' });
    }
    // The role check comes first: an account manager is refused 403 whatever the format.
    expect((await client.get(path, { as: 'am1', headers: { accept: 'application/xml' } })).status).toBe(403);
  });

  it.each([
    ['/v1/reports/composition?by=colour', 'query.by'],
    ['/v1/reports/composition?by=', 'query.by'],
    ['/v1/reports/contribution?year=26', 'query.year'],
    ['/v1/reports/contribution?year=2026&month=13', 'query.month'],
    ['/v1/reports/contribution?year=2026&month=0', 'query.month'],
    ['/v1/reports/contribution?limit=0', 'query.limit'],
    ['/v1/reports/contribution?limit=101', 'query.limit'],
    ['/v1/reports/services?from=2026-13&to=2026-12', 'query.from'],
    ['/v1/reports/services?from=2026/01', 'query.from'],
    ['/v1/reports/services?from=2026-06&to=2026-05', 'query.from'],
    ['/v1/reports/services?from=2024-01&to=2026-01', 'query.to'],
    ['/v1/reports/churn?year=twenty', 'query.year'],
    ['/v1/reports/pipeline?status=won', 'query.status'],
    ['/v1/reports/receivables?limit=-1', 'query.limit'],
    ['/v1/reports/receivables?limit=1e1', 'query.limit'],
    ['/v1/reports/contribution?limit=0x10', 'query.limit'],
    ['/v1/reports/contribution?limit=10.0', 'query.limit'],
    ['/v1/reports/receivables?orderBy=name', 'query.orderBy'],
  ])('%s is refused 400 naming %s', async (path, field) => {
    const response = await client.get<{ status: number; errors: { path: string }[] }>(path, { as: 'admin' });
    expect(response.status, response.text).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.json.errors.map((error) => error.path)).toContain(field);
  });

  it('serves the snapshots the job wrote (JSON and CSV); a period without one is 404; bad type or period 400', async () => {
    await snapshotPeriod('2019-12');
    const json = await client.get<{ type: string; period: string; trigger: string; report: { report: string; period: string } }>(
      '/v1/reports/snapshots?type=contribution&period=2019-12',
      { as: 'exec' },
    );
    expect(json.status, json.text).toBe(200);
    expect(json.json).toMatchObject({ type: 'contribution', period: '2019-12', trigger: 'manual', report: { report: 'contribution', period: '2019-12' } });
    expect(json.text).not.toMatch(STORAGE_ATTRIBUTE);
    const csv = await client.get('/v1/reports/snapshots?type=composition&period=2019-12', { as: 'sales', headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="composition-2019-12.csv"');
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('dimension,value,customers');

    const missing = await client.get<{ status: number; type: string }>('/v1/reports/snapshots?type=churn&period=1999-01', { as: 'admin' });
    expect(missing.status).toBe(404);
    expect(missing.json.type).toBe('/problems/snapshot-not-found');
    expect((await client.get('/v1/reports/snapshots?type=churn&period=1999-01', { as: 'am1' })).status).toBe(403);
    for (const [query, field] of [['type=sales&period=2019-12', 'query.type'], ['type=churn&period=2019-1', 'query.period'], ['period=2019-12', 'query.type'], ['type=churn', 'query.period']]) {
      const refused = await client.get<{ errors: { path: string }[] }>(`/v1/reports/snapshots?${query}`, { as: 'admin' });
      expect(refused.status, query).toBe(400);
      expect(refused.json.errors.map((error) => error.path)).toContain(field);
    }
  });

  it('accepts a range of exactly 24 months', async () => {
    const response = await client.get('/v1/reports/services?from=2025-01&to=2026-12', { as: 'sales' });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ from: '2025-01', to: '2026-12' });
  });
});
