import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CrmClient, operations } from '#clients/typescript/src/index';
import { api, useTestGateway } from '#test/support/e2e';
import { typedClients } from '#test/support/e2e-sdk';

type Client = ReturnType<typeof api>;
type ListQuery = NonNullable<operations['listCustomers']['parameters']['query']>;

const ROLES = ['admin', 'sales', 'exec', 'am1', 'am2'] as const;

/**
 * Ordered and filtered customer lists (issue 17) through the gateway, per role: the order asked, the filters on
 * the same Query, the caller's scope. Every list is narrowed by a tag unique to this run, so other files'
 * customers never change the expected answer; pages are followed until the marked customers are all seen. The
 * lists are read with the typed client (clients/typescript); the refusals keep the raw client, since the SDK's types
 * would refuse their parameters.
 */
describe('customer lists: orders and filters end to end', () => {
  /** The raw client: only for the deliberately bad parameters. */
  let client: Client;
  let crm: (username: string) => CrmClient;
  useTestGateway((gateway) => {
    client = gateway.client;
    crm = typedClients(gateway.baseUrl);
  });

  const pageOf = (as: string, query: ListQuery, cursor: string | null) =>
    crm(as).GET('/v1/customers', { params: { query: { ...query, limit: 100, ...(cursor ? { cursor } : {}) } } });
  const listAll = async (as: string, query: ListQuery, expected: number): Promise<string[]> => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 400; page += 1) {
      const { data, error, response } = await pageOf(as, query, cursor);
      expect(response.status, JSON.stringify(error)).toBe(200);
      seen.push(...data!.items.map((item) => ('name' in item ? item.name : '')));
      cursor = data!.nextCursor;
      if (!cursor || seen.length >= expected) break;
    }
    return seen;
  };

  const arrange = async () => {
    const tag = `e2e-${randomUUID().slice(0, 12)}`;
    const specs = [
      { name: `${tag} A`, ownerId: 'am1', industry: 'energy', type: 'partner' as const },
      { name: `${tag} B`, ownerId: 'am2', industry: 'energy', province: '440000', city: '440300' },
      { name: `${tag} C`, ownerId: 'am1', industry: 'retail', source: 'referral' },
      { name: `${tag} D`, ownerId: 'am1', industry: 'energy', level: 'major' },
    ];
    const made: { id: string; name: string }[] = [];
    for (const spec of specs) {
      const { data, error, response } = await crm('admin').POST('/v1/customers', { body: { ...spec, tags: [tag] } });
      expect(response.status, JSON.stringify(error)).toBe(201);
      made.push(data!);
    }
    return { tag, made };
  };

  it('orders by creation, update and last order time, both ways, within each role’s scope', async () => {
    // Prepare
    const { tag, made } = await arrange();
    const touched = await crm('am1').PATCH('/v1/customers/{customerId}', { params: { path: { customerId: made[0]!.id }, header: { 'If-Match': '"1"' } }, body: { memo: 'touched' } });
    expect(touched.response.status).toBe(200);
    const mine = (as: string, names: string[]) => (as === 'am1' ? names.filter((name) => !name.endsWith('B')) : as === 'am2' ? names.filter((name) => name.endsWith('B')) : names);

    for (const as of ROLES) {
      // Act
      // (Newest first, or a name prefix: the marked customers are on the first page whatever else the table holds;
      // the ascending orders are read whole in test/int/customer.repository.int.test.ts.)
      const count = mine(as, made.map((customer) => customer.name)).length;
      const newest = await listAll(as, { tags: tag, sort: '-createdAt' }, count);
      const updated = await listAll(as, { tags: tag, sort: '-updatedAt' }, count);
      const byName = await listAll(as, { q: tag, sort: '-name' }, count);
      const byLastOrder = await listAll(as, { tags: tag, sort: '-lastOrderAt' }, count);

      // Assess
      expect(newest, as).toEqual(mine(as, [`${tag} D`, `${tag} C`, `${tag} B`, `${tag} A`]));
      expect(updated, as).toEqual(mine(as, [`${tag} A`, `${tag} D`, `${tag} C`, `${tag} B`]));
      expect(byName, as).toEqual(mine(as, [`${tag} D`, `${tag} C`, `${tag} B`, `${tag} A`]));
      expect(byLastOrder.sort(), as).toEqual(mine(as, [`${tag} A`, `${tag} B`, `${tag} C`, `${tag} D`]));
    }
  });

  it('combines the new filters with each other, with an order and with level, and never widens an account manager’s list', async () => {
    // Prepare
    const { tag } = await arrange();

    // Act
    const energy = await listAll('sales', { tags: tag, industry: 'energy', sort: '-createdAt' }, 3);
    const energyMajor = await listAll('admin', { tags: tag, industry: 'energy', level: 'major' }, 1);
    const partners = await listAll('exec', { tags: tag, type: 'partner' }, 1);
    const shenzhen = await listAll('admin', { tags: tag, province: '440000', city: '440300', sort: '-updatedAt' }, 1);
    const referral = await listAll('am1', { tags: tag, source: 'referral' }, 1);
    const hiddenFromAm1 = await listAll('am1', { tags: tag, province: '440000' }, 0);
    const otherOwner = await crm('am1').GET('/v1/customers', { params: { query: { tags: tag, ownerId: 'am2', sort: 'createdAt' } } });

    // Assess
    expect(energy).toEqual([`${tag} D`, `${tag} B`, `${tag} A`]);
    expect(energyMajor).toEqual([`${tag} D`]);
    expect(partners).toEqual([`${tag} A`]);
    expect(shenzhen).toEqual([`${tag} B`]);
    expect(referral).toEqual([`${tag} C`]);
    expect(hiddenFromAm1).toEqual([]);
    expect(otherOwner.data?.items).toEqual([]);
  });

  it('refuses a bad order or filter with 400 naming the parameter, for every role that may list', async () => {
    const cases: [string, string][] = [
      ['sort=bogus', 'query.sort'],
      ['sort=%2Bname', 'query.sort'],
      ['sort=createdAt&q=abc', 'query.sort'],
      ['industry=not-an-industry', 'query.industry'],
      ['source=NOPE', 'query.source'],
      ['type=alien', 'query.type'],
      ['province=990000', 'query.province'],
      ['city=999999', 'query.city'],
      ['tags=a,b,c,d,e,f', 'query.tags'],
      ['tags=a,,b', 'query.tags'],
      [`tags=${'t'.repeat(33)}`, 'query.tags'],
    ];
    for (const as of ['admin', 'am1'] as const) {
      for (const [query, field] of cases) {
        const response = await client.get<{ errors?: { path: string }[] }>(`/v1/customers?${query}`, { as });
        expect(response.status, `${as} ${query}`).toBe(400);
        expect(response.json.errors?.some((error) => error.path === field || error.path.startsWith(`${field}.`)), `${as} ${query}`).toBe(true);
      }
    }
  });
});
