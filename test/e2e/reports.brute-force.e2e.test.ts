import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { backfillComposition } from '#functions/jobs/composition-backfill';
import { detectChurn } from '#functions/jobs/churn-detection.use-case';
import { DynamoDbChurnWatchRepository } from '#functions/jobs/churn-watch.repository';
import { ensureTable } from '#local/bootstrap-table';
import { createDocumentClient } from '#shared/db/client';
import { compositionKeys } from '#shared/reports/report.keys';
import { resetConfigForTests } from '#shared/core/config';
import { api, ddbClient, startTestGateway, tokenFor, useLocalStack } from '#test/support/e2e';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';

/**
 * Every report against a brute-force recount. A data set is seeded through the API (customers, orders, payments,
 * cancellations, service requests through their life cycle, opportunities won and lost, lost customers opened by
 * the churn job's own code, recovered by an order or confirmed with a reason). The test then reads the RAW records
 * back through the API (lists and reads, never an aggregate) and computes each report's figures itself.
 *
 * The reports are company-wide, so this file uses a table of its own: the figures hold exactly what it wrote.
 */

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Order = { id: string; customerId: string; status: string; orderedAt: string; total: Money; balance: Money; version: number };
type Customer = { id: string; customerNo: string; name: string; level: string; region?: string; industry?: string; credit?: number; satisfaction?: number; status: string };
type Service = { id: string; type: string; status: string; createdAt: string; version: number };
type ServiceMove = { move: string; to: string; satisfaction?: number };
type Opportunity = { id: string; status: string; estimatedAmount?: Money };
type LostCustomer = { customerId: string; status: string; version: number; openedAt: string; reason?: string; confirmedAt?: string; recoveredAt?: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const DAY = 86_400_000;

/** Every item of a list route, following the cursor. */
const all = async <T>(client: Client, path: string): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { status: number; text: string; json: { items: T[]; nextCursor: string | null } } = await client.get(
      `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { as: 'admin' },
    );
    expect(page.status, page.text).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return items;
};

const count = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

describe('reports match a brute-force recount of the raw records', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const tableName = `crm-e2e-reports-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    const admin = ddbClient();
    // Sign in first (signing in re-reads the run's shared environment), then point the feature functions — which
    // read their configuration when the gateway first loads them — at this table.
    for (const user of ['admin', 'sales', 'am1', 'am2', 'exec']) await tokenFor(user);
    process.env.TABLE_NAME = tableName;
    resetConfigForTests();
    await ensureTable(admin, tableName);
    admin.destroy();
    await seed(client, tableName);
  }, 240_000);
  afterAll(async () => {
    await stop();
  });

  it('contribution (year and month): customers ranked by order value, exact totals', async () => {
    const orders = (await all<Order>(client, '/v1/orders')).filter((order) => order.status !== 'cancelled');
    for (const [year, month] of [['2026', undefined], ['2026', '10'], ['2025', undefined], ['2026', '07']] as const) {
      const period = month ? `${year}-${month}` : year;
      const inPeriod = orders.filter((order) => order.orderedAt.startsWith(period));
      const perCustomer = new Map<string, { value: number; count: number }>();
      for (const order of inPeriod) {
        const entry = perCustomer.get(order.customerId) ?? { value: 0, count: 0 };
        entry.value += order.total.amount;
        entry.count += 1;
        perCustomer.set(order.customerId, entry);
      }
      const expected = [...perCustomer]
        .sort(([a, x], [b, y]) => y.value - x.value || y.count - x.count || (a < b ? -1 : 1))
        .map(([customerId, { value, count }], index) => ({ rank: index + 1, customerId, orderValue: cny(value), orderCount: count }));

      const report = await client.get<{ period: string; totals: unknown; items: unknown[] }>(
        `/v1/reports/contribution?year=${year}${month ? `&month=${Number(month)}` : ''}&limit=100`,
        { as: 'exec' },
      );
      expect(report.status, report.text).toBe(200);
      expect(report.json.period).toBe(period);
      expect(report.json.items.map(({ rank, customerId, orderValue, orderCount }: any) => ({ rank, customerId, orderValue, orderCount }))).toEqual(expected);
      expect(report.json.totals).toEqual({
        customers: expected.length,
        orderValue: cny(inPeriod.reduce((sum, order) => sum + order.total.amount, 0)),
        orderCount: inPeriod.length,
      });
    }
    // The limit cuts the ranking, not the totals.
    const top2 = await client.get<{ items: { rank: number }[]; totals: { customers: number } }>('/v1/reports/contribution?year=2026&limit=2', { as: 'sales' });
    expect(top2.json.items.map((item) => item.rank)).toEqual([1, 2]);
    expect(top2.json.totals.customers).toBeGreaterThan(2);
  });

  it('receivables: outstanding per customer, largest first, aged by order date', async () => {
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const bucketOf = (orderedAt: string): string => {
      const age = Math.round((today - Date.parse(`${orderedAt.slice(0, 10)}T00:00:00Z`)) / DAY);
      return age <= 30 ? 'days0to30' : age <= 60 ? 'days31to60' : age <= 90 ? 'days61to90' : 'over90';
    };
    const open = (await all<Order>(client, '/v1/orders')).filter((order) => order.status !== 'cancelled' && order.balance.amount > 0);
    const perCustomer = new Map<string, { outstanding: number; openOrders: number; ageing: Record<string, number> }>();
    for (const order of open) {
      const entry = perCustomer.get(order.customerId) ?? {
        outstanding: 0, openOrders: 0, ageing: { days0to30: 0, days31to60: 0, days61to90: 0, over90: 0 },
      };
      entry.outstanding += order.balance.amount;
      entry.openOrders += 1;
      entry.ageing[bucketOf(order.orderedAt)]! += order.balance.amount;
      perCustomer.set(order.customerId, entry);
    }
    const expected = [...perCustomer]
      .sort(([a, x], [b, y]) => y.outstanding - x.outstanding || (a < b ? -1 : 1))
      .map(([customerId, entry]) => ({
        customerId,
        outstanding: cny(entry.outstanding),
        openOrders: entry.openOrders,
        ageing: Object.fromEntries(Object.entries(entry.ageing).map(([bucket, amount]) => [bucket, cny(amount)])),
      }));
    expect(new Set(expected.flatMap((row) => Object.entries(row.ageing).filter(([, m]) => m.amount > 0).map(([b]) => b))).size).toBeGreaterThanOrEqual(3);

    const report = await client.get<{ items: any[]; totals: any }>('/v1/reports/receivables?limit=100', { as: 'admin' });
    expect(report.status, report.text).toBe(200);
    expect(report.json.items.map(({ customerId, outstanding, openOrders, ageing }) => ({ customerId, outstanding, openOrders, ageing }))).toEqual(expected);
    expect(report.json.totals).toMatchObject({
      customers: expected.length,
      outstanding: cny(open.reduce((sum, order) => sum + order.balance.amount, 0)),
      openOrders: open.length,
    });
  });

  it('services: requests per month, type and status; satisfaction averages and reopenings', async () => {
    const services = await all<Service>(client, '/v1/services');
    const histories = new Map<string, ServiceMove[]>();
    for (const service of services) {
      const full = await client.get<{ history: ServiceMove[] }>(`/v1/services/${service.id}`, { as: 'admin' });
      histories.set(service.id, full.json.history);
    }
    const month = new Date().toISOString().slice(0, 7);
    const report = await client.get<{ items: any[]; total: any; byType: any[] }>(`/v1/reports/services?from=${month}&to=${month}`, { as: 'sales' });
    expect(report.status, report.text).toBe(200);

    const cells = new Map<string, Service[]>();
    for (const service of services) {
      const key = `${service.createdAt.slice(0, 7)}#${service.type}`;
      cells.set(key, [...(cells.get(key) ?? []), service]);
    }
    const figuresOf = (group: Service[]) => {
      const ratings = group.flatMap((service) => histories.get(service.id)!.filter((move) => move.satisfaction !== undefined).map((move) => move.satisfaction!));
      const sum = ratings.reduce((total, rating) => total + rating, 0);
      return {
        count: group.length,
        byStatus: { created: 0, assigned: 0, handled: 0, archived: 0, ...count(group, (service) => service.status) },
        satisfactionCount: ratings.length,
        averageSatisfaction: ratings.length === 0 ? null : Math.round((sum / ratings.length) * 100) / 100,
        reopened: group.reduce((total, service) => total + histories.get(service.id)!.filter((move) => move.move === 'feedback' && move.to === 'assigned').length, 0),
      };
    };
    const expected = [...cells].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, group]) => ({ month: key.slice(0, 7), type: key.slice(8), ...figuresOf(group) }));
    expect(report.json.items).toEqual(expected);
    expect(report.json.total).toEqual(figuresOf(services));
    expect(report.json.total.reopened).toBeGreaterThan(0);
    for (const row of report.json.byType) expect(row).toEqual({ type: row.type, ...figuresOf(services.filter((service) => service.type === row.type)) });
  });

  it('churn: warned, recovered and lost per month; lost per reason', async () => {
    const records = await all<LostCustomer>(client, '/v1/lost-customers');
    expect(records.map((record) => record.status).sort()).toEqual(expect.arrayContaining(['lost', 'lost', 'recovered', 'delaying']));
    const years = new Set(records.flatMap((record) => [record.openedAt, record.confirmedAt, record.recoveredAt].filter(Boolean).map((at) => at!.slice(0, 4))));
    for (const year of years) {
      const report = await client.get<{ byMonth: any[]; byReason: any[]; totals: any }>(`/v1/reports/churn?year=${year}`, { as: 'exec' });
      expect(report.status, report.text).toBe(200);
      const inYear = (at: string | undefined) => at?.startsWith(year) ?? false;
      const warned = count(records.filter((r) => inYear(r.openedAt)), (r) => r.openedAt.slice(0, 7));
      const recovered = count(records.filter((r) => r.status === 'recovered' && inYear(r.recoveredAt)), (r) => r.recoveredAt!.slice(0, 7));
      const lost = count(records.filter((r) => r.status === 'lost' && inYear(r.confirmedAt)), (r) => r.confirmedAt!.slice(0, 7));
      expect(report.json.byMonth).toEqual(
        Array.from({ length: 12 }, (_, index) => {
          const month = `${year}-${String(index + 1).padStart(2, '0')}`;
          return { month, warned: warned[month] ?? 0, recovered: recovered[month] ?? 0, lost: lost[month] ?? 0 };
        }),
      );
      const lostRecords = records.filter((r) => r.status === 'lost' && inYear(r.confirmedAt));
      const perReason = count(lostRecords, (r) => r.reason!);
      expect(report.json.byReason.map(({ reason, lost }) => ({ reason, lost }))).toEqual(
        Object.entries(perReason).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([reason, lost]) => ({ reason, lost })),
      );
      for (const row of report.json.byReason) {
        expect(row.byMonth).toEqual(
          Object.entries(count(lostRecords.filter((r) => r.reason === row.reason), (r) => r.confirmedAt!.slice(0, 7))).sort().map(([month, lost]) => ({ month, lost })),
        );
      }
      expect(report.json.totals).toEqual({
        warned: Object.values(warned).reduce((a, b) => a + b, 0),
        recovered: Object.values(recovered).reduce((a, b) => a + b, 0),
        lost: Object.values(lost).reduce((a, b) => a + b, 0),
      });
    }
  });

  it('pipeline: opportunities and estimated amounts per status, win rate', async () => {
    const opportunities = await all<Opportunity>(client, '/v1/opportunities');
    const report = await client.get<{ items: any[]; winRate: number | null }>('/v1/reports/pipeline', { as: 'admin' });
    expect(report.status, report.text).toBe(200);
    for (const status of ['unassigned', 'assigned', 'won', 'lost']) {
      const mine = opportunities.filter((opportunity) => opportunity.status === status);
      const amounts = new Map<string, number>();
      for (const { estimatedAmount } of mine) if (estimatedAmount) amounts.set(estimatedAmount.currency, (amounts.get(estimatedAmount.currency) ?? 0) + estimatedAmount.amount);
      expect(report.json.items.find((item) => item.status === status)).toEqual({
        status,
        count: mine.length,
        estimatedAmounts: [...amounts].filter(([, a]) => a !== 0).sort().map(([currency, amount]) => ({ amount, currency })),
      });
    }
    const won = opportunities.filter((o) => o.status === 'won').length;
    const lost = opportunities.filter((o) => o.status === 'lost').length;
    expect(report.json.winRate).toBe(won / (won + lost));
  });

  it('composition: customer counts per level, credit, satisfaction, region and industry', async () => {
    const customers = await all<Customer>(client, '/v1/customers');
    for (const by of ['level', 'credit', 'satisfaction', 'region', 'industry'] as const) {
      const report = await client.get<{ total: number; items: { value: string | null; count: number }[] }>(`/v1/reports/composition?by=${by}`, { as: 'exec' });
      expect(report.status, report.text).toBe(200);
      const expected = count(customers, (customer) => (customer[by] === undefined ? '-' : String(customer[by])));
      expect(Object.fromEntries(report.json.items.map((item) => [item.value ?? '-', item.count])), by).toEqual(expected);
      expect(report.json.total).toBe(customers.length);
    }
  });

  it('the composition back-fill recomputes drifted counts from the customers, idempotently', async () => {
    const info = useLocalStack();
    process.env.TABLE_NAME = tableName;
    const documents = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    try {
      const before = await client.get<{ items: unknown[] }>('/v1/reports/composition?by=region', { as: 'admin' });
      // Drift: a bucket nobody is in, and a wrong count.
      await documents.send(new PutCommand({ TableName: tableName, Item: { ...compositionKeys.item('region', 'atlantis', 3), dimension: 'region', value: 'atlantis', count: 7 } }));
      await documents.send(new PutCommand({ TableName: tableName, Item: { ...compositionKeys.item('level', 'major', 0), dimension: 'level', value: 'major', count: 40 } }));
      expect((await client.get('/v1/reports/composition?by=region', { as: 'admin' })).json).not.toEqual(before.json);

      const first = await backfillComposition(documents, tableName, 2);
      const second = await backfillComposition(documents, tableName, 2);
      expect(first.removed).toBeGreaterThanOrEqual(1);
      expect(second).toMatchObject({ customers: first.customers, written: first.written, removed: 0 });
      const customers = await all<Customer>(client, '/v1/customers');
      expect(first.customers).toBe(customers.length);
      for (const by of ['level', 'region'] as const) {
        const report = await client.get<{ items: { value: string | null; count: number }[] }>(`/v1/reports/composition?by=${by}`, { as: 'admin' });
        expect(Object.fromEntries(report.json.items.map((item) => [item.value ?? '-', item.count]))).toEqual(count(customers, (c) => (c[by] === undefined ? '-' : String(c[by]))));
      }
    } finally {
      documents.destroy();
    }
  });

  it('CSV carries the same figures: money as exact decimals with the currency, Chinese names intact', async () => {
    const json = await client.get<{ items: any[] }>('/v1/reports/contribution?year=2026&limit=100', { as: 'admin' });
    const csv = await client.get('/v1/reports/contribution?year=2026&limit=100', { as: 'admin', headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="contribution-2026.csv"');
    const lines = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('rank,customerId,customerNo,name,orderValue,currency,orderCount');
    expect(lines).toHaveLength(json.json.items.length + 1);
    const first = json.json.items[0];
    const amount = first.orderValue.amount as number;
    expect(lines[1]).toBe(`1,${first.customerId},${first.customerNo},${first.name},${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')},CNY,${first.orderCount}`);
    expect(csv.text).toContain('华东机械');
  });
});

/** The data set. Dates of orders are spread over two years so that months, years and ageing buckets all differ. */
async function seed(client: Client, tableName: string): Promise<void> {
  const product = await arrangeProduct(client, { price: 123_45, stock: 10_000 });
  const customerSpecs = [
    { name: '华东机械有限公司', ownerId: 'am1', level: 'major', region: 'east-china', industry: 'machinery', credit: 5, satisfaction: 4 },
    { name: 'Northwind Traders', ownerId: 'am2', level: 'ordinary', region: 'north-china', industry: 'retail', credit: 3 },
    { name: '深圳电子科技', ownerId: 'am1', level: 'partner', region: 'south-china', satisfaction: 2 },
    { name: 'Contoso Pumps', ownerId: 'am2', level: 'major', region: 'east-china', industry: 'machinery', credit: 4, satisfaction: 4 },
    { name: '北京软件', ownerId: 'am1', level: 'ordinary' },
    { name: 'Fabrikam Steel', ownerId: 'am2', level: 'strategic-partner', region: 'north-china', industry: 'steel', credit: 5, satisfaction: 5 },
  ];
  const customers: string[] = [];
  for (const spec of customerSpecs) {
    const created = await client.post<{ id: string }>('/v1/customers', { ...spec, address: '上海市浦东新区 1 号' }, { as: 'admin' });
    expect(created.status, created.text).toBe(201);
    customers.push(created.json.id);
  }
  // Composition moves: a PATCH of two dimensions (and one that touches none), and an archived customer.
  const patched = await client.patch<{ version: number }>(`/v1/customers/${customers[4]}`, { level: 'major', region: 'west-china', credit: 2 }, { as: 'am1', headers: ifMatch(1) });
  expect(patched.status, patched.text).toBe(200);
  const renamed = await client.patch(`/v1/customers/${customers[4]}`, { name: '北京软件股份' }, { as: 'am1', headers: ifMatch(patched.json.version) });
  expect(renamed.status, renamed.text).toBe(200);
  const cleared = await client.patch(`/v1/customers/${customers[1]}`, { credit: null, industry: 'wholesale' }, { as: 'admin', headers: ifMatch(1) });
  expect(cleared.status, cleared.text).toBe(200);
  const doomed = await client.post<{ id: string }>('/v1/customers', { name: 'Archived Ltd', ownerId: 'am2', level: 'partner', region: 'east-china', credit: 1 }, { as: 'admin' });
  expect((await client.delete(`/v1/customers/${doomed.json.id}`, { as: 'admin', headers: ifMatch(1) })).status).toBe(204);
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
  const place = async (customer: number, quantity: number, orderedAt?: string, discount = 0) => {
    const response = await client.post<Order>(
      `/v1/customers/${customers[customer]}/orders`,
      { lines: [{ productId: product.id, quantity, ...(discount ? { discount: cny(discount) } : {}) }], ...(orderedAt ? { orderedAt } : {}) },
      { as: 'admin' },
    );
    expect(response.status, response.text).toBe(201);
    return response.json;
  };
  const pay = async (order: Order, amount: number) => {
    const response = await client.post<Order>(`/v1/orders/${order.id}/payments`, { amount: cny(amount), method: 'bank-transfer' }, { as: 'admin' });
    expect(response.status, response.text).toBe(201);
    return response.json;
  };
  const cancel = async (order: Order) => {
    const response = await client.patch(`/v1/orders/${order.id}`, { status: 'cancelled', reason: 'Customer withdrew' }, { as: 'admin', headers: ifMatch(order.version) });
    expect(response.status, response.text).toBe(200);
  };
  const o1 = await place(0, 10, '2026-10-03');
  await pay(o1, 500_00);
  const o2 = await place(0, 3, daysAgo(45));
  await place(0, 1, daysAgo(75), 23_45);
  await place(0, 2, '2025-06-30');
  const o5 = await place(1, 7, '2026-10-28');
  await pay(o5, o5.total.amount);
  await place(1, 4, daysAgo(200));
  const o7 = await place(2, 5, '2026-07-15');
  await cancel(o7);
  await place(2, 5, '2026-07-16');
  const o9 = await place(3, 10, daysAgo(2));
  await pay(await pay(o9, 100_00), 1_00);
  await place(3, 1, '2025-12-31');
  await place(5, 2, daysAgo(1));
  const o12 = await place(5, 2, daysAgo(100));
  await cancel(o12);
  expect(o2.balance.amount).toBeGreaterThan(0);

  // Service requests through their life cycle (all created this month).
  const service = async (type: string, customer: number, stage: 'created' | 'assigned' | 'handled' | 'archived' | 'reopened', ratings: number[] = []) => {
    const created = await client.post<Service>('/v1/services', { type, title: `${type} ${stage}`, customerId: customers[customer], request: '问题描述' }, { as: 'admin' });
    expect(created.status, created.text).toBe(201);
    let version = 1;
    const step = async (path: string, body: unknown) => {
      const response = await client.post<Service>(`/v1/services/${created.json.id}/${path}`, body, { as: 'admin', headers: ifMatch(version) });
      expect(response.status, response.text).toBe(200);
      version = response.json.version;
    };
    if (stage === 'created') return;
    await step('assign', { assigneeId: 'am1' });
    if (stage === 'assigned') return;
    for (const rating of ratings) {
      await step('handle', { handling: 'Handled.' });
      await step('feedback', { feedback: 'Thanks.', satisfaction: rating });
    }
    if (stage === 'handled') await step('handle', { handling: 'Handled.' });
  };
  await service('complaint', 0, 'archived', [2, 4]);
  await service('complaint', 1, 'handled');
  await service('consultation', 2, 'archived', [5]);
  await service('consultation', 3, 'created');
  await service('suggestion', 4, 'reopened', [1]);
  await service('suggestion', 0, 'assigned');

  // Opportunities: one of each status, amounts in CNY (one without an amount).
  const opportunity = async (amount: number | undefined, end: 'unassigned' | 'assigned' | 'won' | 'lost') => {
    const created = await client.post<{ id: string }>(
      '/v1/opportunities',
      { prospectName: `Prospect ${end} ${randomBytes(3).toString('hex')}`, summary: 'Pumps', successRate: 50, ...(amount ? { estimatedAmount: cny(amount) } : {}) },
      { as: 'sales' },
    );
    expect(created.status, created.text).toBe(201);
    if (end === 'unassigned') return;
    expect((await client.post(`/v1/opportunities/${created.json.id}/assign`, { assigneeId: 'am2' }, { as: 'sales', headers: ifMatch(1) })).status).toBe(200);
    if (end === 'assigned') return;
    const closed = await client.post(`/v1/opportunities/${created.json.id}/${end === 'won' ? 'win' : 'lose'}`, end === 'won' ? { region: 'west-china' } : { reason: 'Price' }, { as: 'sales', headers: ifMatch(2) });
    expect(closed.status, closed.text).toBe(200);
  };
  await opportunity(1_000_000_00, 'unassigned');
  await opportunity(250_000_00, 'assigned');
  await opportunity(undefined, 'assigned');
  await opportunity(80_000_00, 'won');
  await opportunity(120_000_00, 'lost');
  await opportunity(33_333_33, 'lost');

  // Lost customers: the churn job's own code, seven months ahead, warns every customer of this table; then one
  // recovers with an order, two are confirmed lost with a reason, one gets a retention measure.
  const info = useLocalStack();
  process.env.TABLE_NAME = tableName;
  resetConfigForTests();
  const documents = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  const run = await detectChurn({
    watch: new DynamoDbChurnWatchRepository(documents, tableName),
    clock: { now: () => new Date(Date.now() + 215 * DAY) },
    settings: { thresholdMonths: 6, pageSize: 100 },
  });
  documents.destroy();
  expect(run.opened.length, JSON.stringify(run)).toBeGreaterThanOrEqual(customers.length);
  await place(4, 1);
  for (const [customer, reason] of [[1, 'price'], [2, 'competitor']] as const) {
    const record = await client.get<LostCustomer>(`/v1/lost-customers/${customers[customer]}`, { as: 'admin' });
    const confirmed = await client.post(`/v1/lost-customers/${customers[customer]}/confirm`, { reason, detail: '价格太高' }, { as: 'sales', headers: ifMatch(record.json.version) });
    expect(confirmed.status, confirmed.text).toBe(200);
  }
  const record = await client.get<LostCustomer>(`/v1/lost-customers/${customers[3]}`, { as: 'admin' });
  const measured = await client.post(`/v1/lost-customers/${customers[3]}/measures`, { measure: 'Visit and offer a discount' }, { as: 'am2', headers: ifMatch(record.json.version) });
  expect(measured.status, measured.text).toBe(200);
}
