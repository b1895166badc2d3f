import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';
import { arrangeOpportunity, arrangeSource, expectNoCustomerFor } from './scenarios/opportunities.scenarios';

type Client = ReturnType<typeof api>;
type Opportunity = {
  id: string;
  version: number;
  status: string;
  prospectName: string;
  assigneeId?: string;
  customerId?: string;
  estimatedAmount?: { amount: number; currency: string };
};
type Step = { id: string; version: number; plannedAt: string; action: string; result?: string };
type List<T> = { items: T[]; nextCursor: string | null };
type Customer = { id: string; name: string; ownerId: string; source?: string; level: string };

const ifMatch = (version: number | string) => ({ 'if-match': typeof version === 'number' ? `"${version}"` : version });

describe('opportunities end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;

  const customersNamed = async (name: string) =>
    (await client.get<List<Customer>>(`/v1/customers?q=${encodeURIComponent(name)}`, { as: 'admin' })).json.items;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  it('runs the whole flow: create → assign → plan → results → win creates exactly one customer, idempotently', async () => {
    // Prepare: the sales manager records the opportunity and assigns it.
    const source = await arrangeSource(client);
    const prospectName = uniqueName('杭州 prospect');
    const created = await client.post<Opportunity>(
      '/v1/opportunities',
      {
        prospectName,
        source,
        summary: 'Replacing 40 forklifts next year',
        successRate: 30,
        contactName: '陈静 Chen Jing',
        contactPhone: '0571-8888 1234',
        estimatedAmount: { amount: 4_800_000_00, currency: 'CNY' },
        expectedCloseDate: '2027-06-30',
      },
      { as: 'sales' },
    );
    const assigned = await client.post<Opportunity>(`/v1/opportunities/${created.json.id}/assign`, { assigneeId: 'am1' }, { as: 'sales', headers: ifMatch(created.headers.get('etag')!) });

    // The account manager finds it, plans and records results.
    const mine = await client.get<List<Opportunity>>(`/v1/opportunities?source=${source}`, { as: 'am1' });
    const notTheirs = await client.get(`/v1/opportunities/${created.json.id}`, { as: 'am2' });
    const visit = await client.post<Step>(`/v1/opportunities/${created.json.id}/plan-steps`, { plannedAt: '2026-12-03', action: 'Visit the warehouse' }, { as: 'am1' });
    const quote = await client.post<Step>(`/v1/opportunities/${created.json.id}/plan-steps`, { plannedAt: '2026-12-10T02:00:00Z', action: 'Send the quote' }, { as: 'am1' });
    const result = await client.patch<Step>(`/v1/opportunities/${created.json.id}/plan-steps/${visit.json.id}`, { result: 'They liked the electric models' }, { as: 'am1', headers: ifMatch(visit.headers.get('etag')!) });
    const plan = await client.get<List<Step>>(`/v1/opportunities/${created.json.id}/plan-steps`, { as: 'exec' });

    // Act: the account manager wins it; the client retries the same request once.
    const key = `win-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const won = await client.post<Opportunity>(`/v1/opportunities/${created.json.id}/win`, { level: 'key-prospect' }, { as: 'am1', headers: { ...ifMatch(2), 'idempotency-key': key } });
    const retried = await client.post<Opportunity>(`/v1/opportunities/${created.json.id}/win`, { level: 'key-prospect' }, { as: 'am1', headers: { ...ifMatch(2), 'idempotency-key': key } });
    const winAgain = await client.post(`/v1/opportunities/${created.json.id}/win`, undefined, { as: 'sales', headers: ifMatch(3) });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ status: 'unassigned', version: 1, createdBy: 'sales' });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.json).toMatchObject({ status: 'assigned', assigneeId: 'am1', version: 2 });
    expect(assigned.headers.get('etag')).toBe('"2"');
    expect(mine.json.items.map((item) => item.id)).toEqual([created.json.id]);
    expect(notTheirs.status).toBe(404);
    expect([visit.status, quote.status]).toEqual([201, 201]);
    expect(quote.json.plannedAt).toBe('2026-12-10T02:00:00.000Z');
    expect(result.status, result.text).toBe(200);
    expect(result.json).toMatchObject({ result: 'They liked the electric models', resultBy: 'am1', version: 2 });
    expect(plan.json.items.map((step) => [step.action, step.result])).toEqual([
      ['Visit the warehouse', 'They liked the electric models'],
      ['Send the quote', undefined],
    ]);

    expect(won.status, won.text).toBe(200);
    expect(won.json).toMatchObject({ status: 'won', version: 3 });
    expect(won.json.customerId).toMatch(/^[0-9A-Z]{26}$/);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.json).toEqual(won.json);
    expect(winAgain.status, winAgain.text).toBe(409);

    const customer = await client.get<Customer>(`/v1/customers/${won.json.customerId}`, { as: 'am1' });
    expect(customer.status, customer.text).toBe(200);
    expect(customer.json).toMatchObject({ name: prospectName, ownerId: 'am1', source, level: 'key-prospect' });
    expect(await customersNamed(prospectName)).toHaveLength(1);
    const contacts = await client.get<List<{ name: string; isPrimary: boolean; officePhone?: string }>>(`/v1/customers/${won.json.customerId}/contacts`, { as: 'am1' });
    expect(contacts.status, contacts.text).toBe(200);
    expect(contacts.json.items).toEqual([expect.objectContaining({ name: '陈静 Chen Jing', isPrimary: true, officePhone: '0571-8888 1234' })]);
  });

  it('lets only one of two managers assigning at once win (the other gets 409 or 412), however often they race', async () => {
    const opportunity = await arrangeOpportunity(client, null);

    // Both managers send their assignment several times at once, all with the ETag they read (version 1).
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.post<Opportunity>(
          `/v1/opportunities/${opportunity.id}/assign`,
          { assigneeId: index % 2 ? 'am2' : 'am1' },
          { as: index % 2 ? 'admin' : 'sales', headers: ifMatch(1) },
        ),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200), statuses.join()).toHaveLength(1);
    expect(statuses.every((status) => [200, 409, 412, 503].includes(status)), statuses.join()).toBe(true);
    const winner = responses.find((response) => response.status === 200)!;
    const final = await client.get<Opportunity>(`/v1/opportunities/${opportunity.id}`, { as: 'admin' });
    expect(final.json).toMatchObject({ assigneeId: winner.json.assigneeId, version: 2 });
  });

  it('creates exactly one customer when several wins race (managers and the assignee at once)', async () => {
    const opportunity = await arrangeOpportunity(client, 'am2');

    const responses = await Promise.all(
      ['sales', 'admin', 'am2', 'sales', 'admin', 'am2'].map((as) =>
        client.post<Opportunity>(`/v1/opportunities/${opportunity.id}/win`, {}, { as, headers: ifMatch(2) }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200), statuses.join()).toHaveLength(1);
    expect(statuses.every((status) => [200, 409, 412, 503].includes(status)), statuses.join()).toBe(true);
    const customers = await customersNamed(opportunity.prospectName);
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ id: responses.find((response) => response.status === 200)!.json.customerId, ownerId: 'am2' });
  });

  it('refuses every invalid move with 409 and changes nothing', async () => {
    const unassigned = await arrangeOpportunity(client, null);
    const won = await arrangeOpportunity(client, 'am1');
    const lost = await arrangeOpportunity(client, 'am1');
    expect((await client.post(`/v1/opportunities/${won.id}/win`, {}, { as: 'sales', headers: ifMatch(2) })).status).toBe(200);
    expect((await client.post(`/v1/opportunities/${lost.id}/lose`, { reason: 'Budget frozen' }, { as: 'am1', headers: ifMatch(2) })).status).toBe(200);

    const attempts = [
      client.post(`/v1/opportunities/${unassigned.id}/win`, {}, { as: 'sales', headers: ifMatch(1) }),
      client.post(`/v1/opportunities/${unassigned.id}/lose`, { reason: 'x' }, { as: 'sales', headers: ifMatch(1) }),
      client.post(`/v1/opportunities/${unassigned.id}/plan-steps`, { plannedAt: '2026-12-01', action: 'Call' }, { as: 'sales' }),
      client.post(`/v1/opportunities/${won.id}/lose`, { reason: 'x' }, { as: 'sales', headers: ifMatch(3) }),
      client.post(`/v1/opportunities/${won.id}/assign`, { assigneeId: 'am2' }, { as: 'sales', headers: ifMatch(3) }),
      client.patch(`/v1/opportunities/${won.id}`, { successRate: 100 }, { as: 'sales', headers: ifMatch(3) }),
      client.patch(`/v1/opportunities/${won.id}`, { estimatedAmount: null }, { as: 'sales', headers: ifMatch(3) }),
      client.post(`/v1/opportunities/${won.id}/plan-steps`, { plannedAt: '2026-12-01', action: 'Call' }, { as: 'am1' }),
      client.post(`/v1/opportunities/${lost.id}/win`, {}, { as: 'am1', headers: ifMatch(3) }),
      client.post(`/v1/opportunities/${lost.id}/assign`, { assigneeId: 'am2' }, { as: 'admin', headers: ifMatch(3) }),
    ];

    for (const response of await Promise.all(attempts)) {
      expect(response.status, response.text).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((response.json as { code: string }).code).toBe('InvalidTransition');
    }
    const read = async (id: string) => (await client.get<Opportunity>(`/v1/opportunities/${id}`, { as: 'admin' })).json;
    expect(await read(unassigned.id)).toMatchObject({ status: 'unassigned', version: 1 });
    expect(await read(won.id)).toMatchObject({ status: 'won', version: 3, assigneeId: 'am1' });
    expect(await read(lost.id)).toMatchObject({ status: 'lost', version: 3, lostReason: 'Budget frozen' });
    await expectNoCustomerFor(client, lost.prospectName);
    await expectNoCustomerFor(client, unassigned.prospectName);
    expect(await customersNamed(won.prospectName)).toHaveLength(1);
    const plans = await Promise.all([unassigned, won].map((o) => client.get<List<Step>>(`/v1/opportunities/${o.id}/plan-steps`, { as: 'admin' })));
    expect(plans.map((plan) => plan.json.items)).toEqual([[], []]);
  });

  it('moves a reassigned opportunity from one account manager to the other', async () => {
    const opportunity = await arrangeOpportunity(client, 'am1', { source: await arrangeSource(client) });

    const moved = await client.post<Opportunity>(`/v1/opportunities/${opportunity.id}/assign`, { assigneeId: 'am2' }, { as: 'sales', headers: ifMatch(2) });
    const oldAssignee = await client.get(`/v1/opportunities/${opportunity.id}`, { as: 'am1' });
    const oldAssigneeWins = await client.post(`/v1/opportunities/${opportunity.id}/win`, {}, { as: 'am1', headers: ifMatch(3) });
    const newAssignee = await client.get<List<Opportunity>>(`/v1/opportunities?source=${opportunity.source}`, { as: 'am2' });

    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ assigneeId: 'am2', assigneeName: expect.any(String), version: 3 });
    expect(oldAssignee.status).toBe(404);
    expect(oldAssigneeWins.status).toBe(404);
    expect(newAssignee.json.items.map((item) => item.id)).toEqual([opportunity.id]);
  });

  it('wins an opportunity of an existing customer without creating another customer', async () => {
    const existing = await arrangeCustomer(client, 'am2');
    const created = await client.post<Opportunity>('/v1/opportunities', { customerId: existing.id, summary: 'Second plant', successRate: 80 }, { as: 'sales' });
    await client.post(`/v1/opportunities/${created.json.id}/assign`, { assigneeId: 'am2' }, { as: 'sales', headers: ifMatch(1) });

    const won = await client.post<Opportunity>(`/v1/opportunities/${created.json.id}/win`, undefined, { as: 'am2', headers: ifMatch(2) });

    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ prospectName: existing.name, customerId: existing.id });
    expect(won.status, won.text).toBe(200);
    expect(won.json).toMatchObject({ status: 'won', customerId: existing.id });
    expect(await customersNamed(existing.name)).toHaveLength(1);
  });

  it('refuses a win whose prospect matches a customer with 409 possible-duplicate and the candidate (nothing written), then wins with ?allowDuplicate=true', async () => {
    // Prepare: am2's customer 「<name>」; am1's opportunity for 「<name> 有限公司」, the same company by the name key.
    const existing = await arrangeCustomer(client, 'am2');
    const target = await arrangeOpportunity(client, 'am1', { prospectName: `${existing.name} 有限公司` });

    // Act
    const bySales = await client.post(`/v1/opportunities/${target.id}/win`, {}, { as: 'sales', headers: ifMatch(2) });
    const byAssignee = await client.post(`/v1/opportunities/${target.id}/win`, {}, { as: 'am1', headers: ifMatch(2) });
    const allowed = await client.post<Opportunity>(`/v1/opportunities/${target.id}/win?allowDuplicate=true`, {}, { as: 'sales', headers: ifMatch(2) });

    // Assess: described to the manager, only counted for the account manager, then won with a customer of its own.
    expect(bySales.status, bySales.text).toBe(409);
    expect(bySales.json).toMatchObject({
      type: '/problems/possible-duplicate',
      code: 'PossibleDuplicate',
      candidates: [{ id: existing.id, name: existing.name, ownerId: 'am2', matchedBy: ['name'] }],
      hiddenCandidates: 0,
    });
    expect(byAssignee.status, byAssignee.text).toBe(409);
    expect(byAssignee.json).toMatchObject({ candidates: [], hiddenCandidates: 1 });
    expect(allowed.status, allowed.text).toBe(200);
    expect(allowed.json).toMatchObject({ status: 'won', customerId: expect.any(String) });
    expect(allowed.json.customerId).not.toBe(existing.id);
    expect((await customersNamed(existing.name)).map((customer) => customer.id).sort()).toEqual([existing.id, allowed.json.customerId].sort());
  });

  it('filters by status and created date, pages with signed cursors, and never returns storage attributes', async () => {
    const source = await arrangeSource(client);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push((await arrangeOpportunity(client, index % 2 ? 'am1' : null, { source })).id);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { json: List<Opportunity> } = await client.get<List<Opportunity>>(
        `/v1/opportunities?source=${source}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'exec' },
      );
      seen.push(...page.json.items.map((item) => item.id));
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    const assignedOnly = await client.get<List<Opportunity>>(`/v1/opportunities?source=${source}&status=assigned`, { as: 'admin' });
    const aroundToday = await client.get<List<Opportunity>>(`/v1/opportunities?source=${source}&createdFrom=${day(-1)}&createdTo=${day(1)}`, { as: 'admin' });
    const tomorrowOn = await client.get<List<Opportunity>>(`/v1/opportunities?source=${source}&createdFrom=2999-01-01`, { as: 'admin' });
    const read = await client.get(`/v1/opportunities/${ids[0]}`, { as: 'admin' });

    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(assignedOnly.json.items.map((item) => item.id)).toEqual([ids[3], ids[1]]);
    expect(aroundToday.json.items).toHaveLength(5);
    expect(tomorrowOn.json.items).toEqual([]);
    expect(Object.keys(read.json as object).some((key) => /^(pk|sk|gsi\d+(pk|sk)|entity)$/.test(key))).toBe(false);
  });

  it('takes any active customer-sources code as the source, on create and update, and clears it with null', async () => {
    const registered = await arrangeSource(client);
    const opportunity = await arrangeOpportunity(client, null, { source: registered });

    const toBuiltIn = await client.patch<Opportunity>(`/v1/opportunities/${opportunity.id}`, { source: 'website' }, { as: 'sales', headers: ifMatch(1) });
    const cleared = await client.patch<Opportunity & { source?: string }>(`/v1/opportunities/${opportunity.id}`, { source: null }, { as: 'sales', headers: ifMatch(2) });
    const underRegistered = await client.get<List<Opportunity>>(`/v1/opportunities?source=${registered}`, { as: 'admin' });

    expect(toBuiltIn.status, toBuiltIn.text).toBe(200);
    expect(toBuiltIn.json).toMatchObject({ source: 'website', version: 2 });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.json).not.toHaveProperty('source');
    expect(underRegistered.json.items).toEqual([]);
  });
});
