import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Figures = { count: number; amounts: Money[]; weightedAmounts: Money[] };
type Forecast = Figures & {
  report: string;
  ownerId: string | null;
  total: Figures;
  byMonth: (Figures & { month: string })[];
  byStage: (Figures & { stage: string })[];
  byOwner: (Figures & { ownerId: string | null })[];
};
type Opportunity = { id: string; version: number; stage: string; probability: number };

/**
 * Stages and the forecast through the local gateway with real tokens, per role: the opportunities of this file close
 * in a month no other file uses (a random far-future month), so its forecast holds exactly what this file wrote.
 */
describe('opportunity stages and the sales forecast, end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const month = `${3000 + randomInt(5000)}-${String(1 + randomInt(12)).padStart(2, '0')}`;
  const forecastPath = `/v1/reports/forecast?from=${month}&to=${month}`;

  const create = async (body: Record<string, unknown>): Promise<Opportunity> => {
    const created = await client.post<Opportunity>(
      '/v1/opportunities',
      { prospectName: 'Forecast Prospect', summary: 'Forecast e2e', successRate: 20, expectedCloseDate: `${month}-15`, ...body },
      { as: 'sales' },
    );
    expect(created.status, created.text).toBe(201);
    return created.json;
  };
  const assign = async (opportunity: Opportunity, assigneeId: string): Promise<Opportunity> => {
    const assigned = await client.post<Opportunity>(`/v1/opportunities/${opportunity.id}/assign`, { assigneeId }, { as: 'sales', headers: { 'if-match': `"${opportunity.version}"` } });
    expect(assigned.status, assigned.text).toBe(200);
    return assigned.json;
  };
  const forecast = async (as: string, path = forecastPath): Promise<Forecast> => {
    const response = await client.get<Forecast>(path, { as });
    expect(response.status, response.text).toBe(200);
    return response.json;
  };
  const cny = (amount: number) => [{ amount, currency: 'CNY' }];

  let am1Deal: Opportunity;
  let am2Deal: Opportunity;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    // am1: 1 000.00 at 方案报价 (50 %); am2: 333.33 at 谈判, overridden to 75 %; one unassigned 10.00 at 初步接洽 (10 %).
    am1Deal = await assign(await create({ stage: 'proposal', estimatedAmount: { amount: 100_000, currency: 'CNY' } }), 'am1');
    am2Deal = await assign(await create({ stage: 'negotiation', probability: 75, estimatedAmount: { amount: 33_333, currency: 'CNY' } }), 'am2');
    await create({ estimatedAmount: { amount: 1_000, currency: 'CNY' } });
  });
  afterAll(async () => stop());

  it('gives managers and executives every owner: unweighted and weighted, by month, stage and owner', async () => {
    for (const as of ['admin', 'sales', 'exec']) {
      const report = await forecast(as);
      expect(report.ownerId).toBeNull();
      // 1 000.00 + 333.33 + 10.00; weighted 500.00 + 249.9975 + 1.00 = 750.9975 → 751.00 (half up, once).
      expect(report.total).toEqual({ count: 3, amounts: cny(134_333), weightedAmounts: cny(75_100) });
      expect(report.byMonth).toEqual([{ month, count: 3, amounts: cny(134_333), weightedAmounts: cny(75_100) }]);
      expect(report.byStage.map(({ stage, count }) => [stage, count])).toEqual([['initial-contact', 1], ['proposal', 1], ['negotiation', 1]]);
      expect(report.byOwner.map(({ ownerId, weightedAmounts }) => [ownerId, weightedAmounts])).toEqual([
        [null, cny(100)],
        ['am1', cny(50_000)],
        ['am2', cny(25_000)],
      ]);
    }
  });

  it("gives an account manager their own opportunities only; another owner's is an empty forecast", async () => {
    expect((await forecast('am1')).total).toEqual({ count: 1, amounts: cny(100_000), weightedAmounts: cny(50_000) });
    expect((await forecast('am2')).total).toEqual({ count: 1, amounts: cny(33_333), weightedAmounts: cny(25_000) });
    expect(await forecast('am1', `${forecastPath}&ownerId=am2`)).toMatchObject({ ownerId: 'am1', total: { count: 0, amounts: [] } });
    expect((await forecast('sales', `${forecastPath}&ownerId=am2`)).total.count).toBe(1);
  });

  it('answers CSV with Accept: text/csv', async () => {
    const response = await client.get(forecastPath, { as: 'exec', headers: { accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.text).toContain('month,stage,ownerId,count,amount,weightedAmount,currency');
    expect(response.text).toContain(`${month},proposal,am1,1,1000.00,500.00,CNY`);
  });

  it('moves the forecast with a stage move and records it in the stage history; closing takes it out', async () => {
    const moved = await client.patch<Opportunity>(`/v1/opportunities/${am1Deal.id}`, { stage: 'negotiation' }, { as: 'sales', headers: { 'if-match': `"${am1Deal.version}"` } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ stage: 'negotiation', probability: 70 });
    expect((await forecast('am1')).total.weightedAmounts).toEqual(cny(70_000));

    const history = await client.get<{ items: { from?: string; to: string; by: string }[] }>(`/v1/opportunities/${am1Deal.id}/stage-history`, { as: 'am1' });
    expect(history.status, history.text).toBe(200);
    expect(history.json.items.map(({ from, to, by }) => ({ from, to, by }))).toEqual([
      { from: undefined, to: 'proposal', by: 'sales' },
      { from: 'proposal', to: 'negotiation', by: 'sales' },
    ]);
    expect((await client.get(`/v1/opportunities/${am1Deal.id}/stage-history`, { as: 'am2' })).status).toBe(404);

    const lost = await client.post(`/v1/opportunities/${am1Deal.id}/lose`, { reason: 'Price' }, { as: 'am1', headers: { 'if-match': `"${moved.json.version}"` } });
    expect(lost.status, lost.text).toBe(200);
    expect((await forecast('am1')).total).toEqual({ count: 0, amounts: [], weightedAmounts: [] });
    expect((await forecast('sales')).total.count).toBe(2);
  });

  it('lets one of two racing edits of one version through (the other 412) and keeps the forecast exact', async () => {
    const headers = { 'if-match': `"${am2Deal.version}"` };
    const [first, second] = await Promise.all([
      client.patch<Opportunity>(`/v1/opportunities/${am2Deal.id}`, { probability: 20 }, { as: 'sales', headers }),
      client.patch<Opportunity>(`/v1/opportunities/${am2Deal.id}`, { probability: 40 }, { as: 'admin', headers }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const winner = first.status === 200 ? first.json : second.json;
    expect((await forecast('am2')).total.weightedAmounts).toEqual(cny(Math.floor((33_333 * winner.probability + 50) / 100)));
  });

  it('prices product lines into the estimated amount (exact to the fen) and puts it in the forecast; an unknown product → 400', async () => {
    const product = await client.post<{ id: string }>(
      '/v1/products',
      { code: `FC-${randomInt(1_000_000_000)}`, name: '预测测试产品', unit: '台', unitPrice: { amount: 12_345, currency: 'CNY' } },
      { as: 'admin' },
    );
    expect(product.status, product.text).toBe(201);
    const before = await forecast('sales');

    const created = await client.post<{ estimatedAmount: Money; lines: { amount: Money }[] }>(
      '/v1/opportunities',
      { prospectName: 'Lines Prospect', summary: 'Lines', successRate: 10, expectedCloseDate: `${month}-03`, stage: 'proposal', lines: [{ productId: product.json.id, quantity: 3, discount: { amount: 5, currency: 'CNY' } }] },
      { as: 'sales' },
    );
    const unknown = await client.post(
      '/v1/opportunities',
      { prospectName: 'Lines Prospect', summary: 'Lines', successRate: 10, expectedCloseDate: `${month}-03`, lines: [{ productId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', quantity: 1 }] },
      { as: 'sales' },
    );

    expect(created.status, created.text).toBe(201);
    expect(created.json.estimatedAmount).toEqual({ amount: 37_030, currency: 'CNY' });
    expect(unknown.status).toBe(400);
    const after = await forecast('sales');
    expect(after.total.count).toBe(before.total.count + 1);
    expect((after.total.amounts[0]?.amount ?? 0) - (before.total.amounts[0]?.amount ?? 0)).toBe(37_030);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const before = await forecast('sales');
    const bad = [
      await client.post('/v1/opportunities', { prospectName: 'x', summary: 'x', successRate: 1, stage: 'no-such-stage', expectedCloseDate: `${month}-01` }, { as: 'sales' }),
      await client.post('/v1/opportunities', { prospectName: 'x', summary: 'x', successRate: 1, probability: 101, expectedCloseDate: `${month}-01` }, { as: 'sales' }),
      await client.patch(`/v1/opportunities/${am2Deal.id}`, { stage: 'won' }, { as: 'sales', headers: { 'if-match': '"99"' } }),
      await client.get(`/v1/reports/forecast?from=${month}&to=2000-01`, { as: 'sales' }),
      await client.get('/v1/reports/forecast?from=2026-01&to=2028-01', { as: 'sales' }),
      await client.get('/v1/reports/forecast?from=2026-13', { as: 'sales' }),
    ];
    expect(bad.map((response) => response.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(await forecast('sales')).toEqual(before);
  });
});
