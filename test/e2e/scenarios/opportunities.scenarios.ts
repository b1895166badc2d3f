import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { editSandbox } from './dictionary.scenarios';
import { uniqueName, type ArrangedRequest, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

export interface ArrangedOpportunity {
  readonly id: string;
  readonly prospectName: string;
  /** `trade-show` unless the test passed its own (arrangeSource) to find its opportunities by it. */
  readonly source: string;
  /** The version after arranging: 1 when unassigned, 2 once assigned. */
  readonly version: number;
}

/** A source code no other test uses (not in the dictionary: an opportunity naming it is refused). */
export const uniqueSource = (): string => `e2e-${randomBytes(6).toString('hex')}`;

/**
 * A source code no other test uses, to find exactly the opportunities of one test through a filter. An
 * opportunity's source must be an active code of the customer-sources list, so the code is added to it first —
 * the dictionary suite's sandbox list, to which tests only ever add unique codes (dictionary.scenarios.ts). The
 * administrator's write drops this process's dictionary cache, so the code is valid at once here.
 */
export const arrangeSource = async (client: Client): Promise<string> => {
  const source = uniqueSource();
  await editSandbox(client, (entries) => [...entries, { code: source, label: `e2e ${source}`, active: true }]);
  return source;
};

const ACCOUNT_MANAGERS = ['am1', 'am2'];

/** The source of an arranged opportunity unless the test passes its own: a built-in code of customer-sources. */
const ARRANGED_SOURCE = 'trade-show';

/**
 * An opportunity recorded by the sales manager and — unless `assignee` is null — assigned to `assignee`.
 * For the generated matrix, `owner` is the account manager whose record it is; any other owner gets am2.
 */
export const arrangeOpportunity = async (
  client: Client,
  assignee: string | null,
  extra: Record<string, unknown> = {},
): Promise<ArrangedOpportunity> => {
  const prospectName = uniqueName('prospect');
  const source = (extra.source as string | undefined) ?? ARRANGED_SOURCE;
  const created = await client.post<{ id: string; version: number }>(
    '/v1/opportunities',
    {
      prospectName,
      source,
      summary: 'Wants 200 industrial pumps for a new plant',
      successRate: 60,
      contactName: '张伟 Zhang Wei',
      contactPhone: '+86 138 0000 1234',
      estimatedAmount: { amount: 1_250_000, currency: 'CNY' },
      expectedCloseDate: '2027-03-31',
      ...extra,
    },
    { as: 'sales' },
  );
  expect(created.status, created.text).toBe(201);
  if (assignee === null) return { id: created.json.id, prospectName, source, version: 1 };
  const assigneeId = ACCOUNT_MANAGERS.includes(assignee) ? assignee : 'am2';
  const assigned = await client.post(`/v1/opportunities/${created.json.id}/assign`, { assigneeId }, { as: 'sales', headers: { 'if-match': '"1"' } });
  expect(assigned.status, assigned.text).toBe(200);
  return { id: created.json.id, prospectName, source, version: 2 };
};

type Opportunity = { id: string; version: number; status: string; assigneeId?: string; customerId?: string };

/** The opportunity is exactly as arranged: same version, still assigned to the same account manager. */
export const expectOpportunityUntouched = async (client: Client, arranged: ArrangedOpportunity, assignee?: string): Promise<void> => {
  const current = await client.get<Opportunity>(`/v1/opportunities/${arranged.id}`, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json.version).toBe(arranged.version);
  if (assignee) expect(current.json.assigneeId).toBe(assignee);
  expect(current.json.customerId).toBeUndefined();
};

/** No customer was created for the prospect (a refused win writes nothing). */
export const expectNoCustomerFor = async (client: Client, prospectName: string): Promise<void> => {
  const found = await client.get<{ items: unknown[] }>(`/v1/customers?q=${encodeURIComponent(prospectName)}`, { as: 'admin' });
  expect(found.status, found.text).toBe(200);
  expect(found.json.items).toEqual([]);
};

const stepsOf = async (client: Client, opportunityId: string) => {
  const steps = await client.get<{ items: { id: string; version: number; result?: string }[] }>(
    `/v1/opportunities/${opportunityId}/plan-steps`,
    { as: 'admin' },
  );
  expect(steps.status, steps.text).toBe(200);
  return steps.json.items;
};

/** A route on one opportunity assigned to `owner` (the scoped record of the matrix). */
const opportunityRoute = (
  successStatus: number,
  build: (opportunity: ArrangedOpportunity, owner: string) => Omit<ArrangedRequest, 'assertUnchanged'> & {
    assertUnchanged?: () => Promise<void>;
  },
): RouteScenario => ({
  target: 'record',
  successStatus,
  async arrange(client, owner) {
    const opportunity = await arrangeOpportunity(client, owner);
    const assignee = ACCOUNT_MANAGERS.includes(owner) ? owner : 'am2';
    const request = build(opportunity, assignee);
    return {
      ...request,
      assertUnchanged: async () => {
        await expectOpportunityUntouched(client, opportunity, assignee);
        await request.assertUnchanged?.();
      },
    };
  },
});

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** How to exercise each opportunities route in the generated authorization matrix. */
export const OPPORTUNITY_SCENARIOS = {
  listOpportunities: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      // A built-in source and the creation time find them: a new code would reach a function whose dictionary
      // cache is older than the code (test/e2e/deployed-bundles.e2e.test.ts runs each bundle with its own cache).
      const since = new Date().toISOString();
      const other = owner === 'am2' ? 'am1' : 'am2';
      const mine = await arrangeOpportunity(client, owner);
      const theirs = await arrangeOpportunity(client, other);
      return {
        method: 'GET',
        path: `/v1/opportunities?source=${ARRANGED_SOURCE}&createdFrom=${encodeURIComponent(since)}&limit=100`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: { id: string; assigneeId?: string }[] }).items;
          const ids = items.map((item) => item.id);
          if (caller === 'am1' || caller === 'am2') {
            expect(items.every((item) => item.assigneeId === caller)).toBe(true);
            expect(ids).toContain(caller === owner ? mine.id : theirs.id);
          } else {
            expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
          }
        },
      };
    },
  },
  createOpportunity: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      // A built-in source (see listOpportunities) and the creation time find what a refused request must not write.
      const since = new Date().toISOString();
      const prospectName = uniqueName('new prospect');
      return {
        method: 'POST',
        path: '/v1/opportunities',
        body: { prospectName, source: ARRANGED_SOURCE, summary: 'First contact at a trade show', successRate: 20 },
        assertUnchanged: async () => {
          const found = await client.get<{ items: { prospectName?: string }[] }>(
            `/v1/opportunities?source=${ARRANGED_SOURCE}&createdFrom=${encodeURIComponent(since)}&limit=100`,
            { as: 'admin' },
          );
          expect(found.json.items.filter((item) => item.prospectName === prospectName)).toEqual([]);
        },
        assertSuccess: (response, caller) => {
          expect(response.json).toMatchObject({ status: 'unassigned', createdBy: caller, version: 1 });
          expect(response.headers.get('location')).toMatch(/^\/v1\/opportunities\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getOpportunity: opportunityRoute(200, (opportunity) => ({ method: 'GET', path: `/v1/opportunities/${opportunity.id}` })),
  updateOpportunity: opportunityRoute(200, (opportunity) => ({
    method: 'PATCH',
    path: `/v1/opportunities/${opportunity.id}`,
    body: { successRate: 75, estimatedAmount: { amount: 1_500_000, currency: 'CNY' } },
    headers: ifMatch(opportunity.version),
  })),
  assignOpportunity: opportunityRoute(200, (opportunity, assignee) => ({
    method: 'POST',
    path: `/v1/opportunities/${opportunity.id}/assign`,
    body: { assigneeId: assignee === 'am2' ? 'am1' : 'am2' },
    headers: ifMatch(opportunity.version),
  })),
  listPlanSteps: opportunityRoute(200, (opportunity) => ({ method: 'GET', path: `/v1/opportunities/${opportunity.id}/plan-steps` })),
  getOpportunityStageHistory: opportunityRoute(200, (opportunity) => ({ method: 'GET', path: `/v1/opportunities/${opportunity.id}/stage-history` })),
  createPlanStep: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const opportunity = await arrangeOpportunity(client, owner);
      return {
        method: 'POST',
        path: `/v1/opportunities/${opportunity.id}/plan-steps`,
        body: { plannedAt: '2027-01-15', action: 'Visit the plant with a product engineer' },
        assertUnchanged: async () => {
          await expectOpportunityUntouched(client, opportunity);
          expect(await stepsOf(client, opportunity.id)).toEqual([]);
        },
      };
    },
  },
  updatePlanStep: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const opportunity = await arrangeOpportunity(client, owner);
      const step = await client.post<{ id: string }>(
        `/v1/opportunities/${opportunity.id}/plan-steps`,
        { plannedAt: '2027-01-15', action: 'Call the purchasing manager' },
        { as: 'sales' },
      );
      expect(step.status, step.text).toBe(201);
      return {
        method: 'PATCH',
        path: `/v1/opportunities/${opportunity.id}/plan-steps/${step.json.id}`,
        body: { result: 'They want a quote by Friday' },
        headers: ifMatch(1),
        assertUnchanged: async () => {
          await expectOpportunityUntouched(client, opportunity);
          const steps = await stepsOf(client, opportunity.id);
          expect(steps).toHaveLength(1);
          expect(steps[0]).toMatchObject({ id: step.json.id, version: 1 });
          expect(steps[0]?.result).toBeUndefined();
        },
      };
    },
  },
  winOpportunity: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const opportunity = await arrangeOpportunity(client, owner);
      const assignee = ACCOUNT_MANAGERS.includes(owner) ? owner : 'am2';
      return {
        method: 'POST',
        path: `/v1/opportunities/${opportunity.id}/win`,
        headers: ifMatch(opportunity.version),
        assertUnchanged: async () => {
          await expectOpportunityUntouched(client, opportunity, assignee);
          await expectNoCustomerFor(client, opportunity.prospectName);
        },
        assertSuccess: async (response) => {
          const won = response.json as Opportunity;
          expect(won).toMatchObject({ status: 'won', version: opportunity.version + 1 });
          const customer = await client.get<{ ownerId: string; name: string }>(`/v1/customers/${won.customerId}`, { as: 'admin' });
          expect(customer.status, customer.text).toBe(200);
          expect(customer.json).toMatchObject({ ownerId: assignee, name: opportunity.prospectName });
        },
      };
    },
  },
  loseOpportunity: opportunityRoute(200, (opportunity) => ({
    method: 'POST',
    path: `/v1/opportunities/${opportunity.id}/lose`,
    body: { reason: 'Chose a competitor on price' },
    headers: ifMatch(opportunity.version),
  })),
} satisfies Partial<Record<OperationId, RouteScenario>>;
