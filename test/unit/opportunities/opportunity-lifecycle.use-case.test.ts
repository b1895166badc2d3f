import { beforeEach, describe, expect, it } from 'vitest';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { createPlanStep } from '#functions/opportunities/plan-steps/create-plan-step.use-case';
import { getOpportunity } from '#functions/opportunities/opportunity/get-opportunity.use-case';
import { listOpportunities } from '#functions/opportunities/opportunity/list-opportunities.use-case';
import { listPlanSteps } from '#functions/opportunities/plan-steps/list-plan-steps.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import type { CreateOpportunityInput, Opportunity } from '#functions/opportunities/opportunity/opportunity.schema';
import { pipelineOf } from '#functions/opportunities/opportunity/pipeline';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { updatePlanStep } from '#functions/opportunities/plan-steps/update-plan-step.use-case';
import { phoneFieldOf, winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { callers, newOpportunityInput, opportunityTestKit, PINNED_NOW } from '#test/fakes/opportunity-test-kit';

const exec = { username: 'exec', scope: 'all' } as const;
const claim = (key: string, fingerprint = 'same-request') => ({ username: 'sales', operationId: 'winOpportunity', key, fingerprint });

describe('opportunity use cases: life cycle, scope and rules', () => {
  let kit: ReturnType<typeof opportunityTestKit>;

  const create = async (overrides: Record<string, unknown> = {}): Promise<Opportunity> =>
    (await createOpportunity(kit.deps, { caller: callers.sales, input: newOpportunityInput(overrides) as CreateOpportunityInput })).value;
  const assign = (opportunity: Pick<Opportunity, 'id' | 'version'>, assigneeId: string, caller: Caller = callers.sales) =>
    assignOpportunity(kit.deps, { caller, opportunityId: opportunity.id, input: { assigneeId }, expectedVersion: opportunity.version });
  const win = (opportunity: Pick<Opportunity, 'id' | 'version'>, caller: Caller = callers.am1, extra = {}) =>
    winOpportunity(kit.deps, { caller, opportunityId: opportunity.id, input: {}, expectedVersion: opportunity.version, ...extra });

  beforeEach(() => {
    kit = opportunityTestKit();
  });

  it('records a new opportunity unassigned, by the caller, and counts it in the unassigned pipeline', async () => {
    // Act
    const opportunity = await create();

    // Assess
    expect(opportunity).toMatchObject({
      status: 'unassigned',
      version: 1,
      createdBy: 'sales',
      createdAt: PINNED_NOW.toISOString(),
      prospectName: '苏州新材料科技有限公司',
    });
    expect(opportunity.assigneeId).toBeUndefined();
    const figures = await kit.opportunities.pipeline();
    expect(figures.byStatus.unassigned).toEqual({ count: 1, estimatedAmounts: [{ amount: 2_000_000, currency: 'CNY' }] });
  });

  it('takes the prospect name from an existing customer, and refuses an unknown or archived one', async () => {
    kit.opportunities.customers.set('01JCUSTOMER000000000000000', { id: '01JCUSTOMER000000000000000', name: 'Acme Trading Ltd' });
    kit.opportunities.customers.set('01JARCHIVED000000000000000', { id: '01JARCHIVED000000000000000', name: 'Gone', deletedAt: PINNED_NOW.toISOString() });
    const input = (customerId: string) => {
      const { prospectName: _name, ...rest } = newOpportunityInput({ customerId });
      return rest as CreateOpportunityInput;
    };

    const forCustomer = await createOpportunity(kit.deps, { caller: callers.sales, input: input('01JCUSTOMER000000000000000') });
    const unknown = createOpportunity(kit.deps, { caller: callers.sales, input: input('01JUNKNOWN0000000000000000') });
    const archived = createOpportunity(kit.deps, { caller: callers.sales, input: input('01JARCHIVED000000000000000') });

    expect(forCustomer.value).toMatchObject({ prospectName: 'Acme Trading Ltd', customerId: '01JCUSTOMER000000000000000' });
    await expect(unknown).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.customerId' }] } });
    await expect(archived).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(kit.opportunities.opportunities.size).toBe(1);
  });

  it('assigns to an enabled account manager only, and refuses everyone else with nothing written', async () => {
    const opportunity = await create();

    for (const assigneeId of ['exec', 'sales', 'gone', 'nobody']) {
      await expect(assign(opportunity, assigneeId)).rejects.toMatchObject({ code: ErrorCode.InvalidAssignee });
    }
    const assigned = await assign(opportunity, 'am1');

    expect(assigned).toMatchObject({ status: 'assigned', assigneeId: 'am1', assigneeName: '李雷 Li Lei', assignedBy: 'sales', version: 2 });
    expect(kit.opportunities.assignments).toHaveLength(1);
  });

  it('reassigns with the current version and records who moved it from whom; the same assignee again is 409', async () => {
    const assigned = await assign(await create(), 'am1');

    const again = assign(assigned, 'am1');
    const reassigned = await assign(assigned, 'am2', callers.admin);
    const stale = assign(assigned, 'am1');

    await expect(again).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(reassigned).toMatchObject({ assigneeId: 'am2', version: 3, assignedBy: 'admin' });
    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect(kit.opportunities.assignments.map(({ from, to, by }) => ({ from, to, by }))).toEqual([
      { from: undefined, to: 'am1', by: 'sales' },
      { from: 'am1', to: 'am2', by: 'admin' },
    ]);
  });

  it('shows an account manager only the opportunities assigned to them, as 404 otherwise', async () => {
    const ofAm1 = await assign(await create(), 'am1');
    const ofAm2 = await assign(await create(), 'am2');
    const unassigned = await create();

    await expect(getOpportunity(kit.deps, { caller: callers.am1, opportunityId: ofAm1.id })).resolves.toMatchObject({ id: ofAm1.id });
    for (const other of [ofAm2, unassigned]) {
      await expect(getOpportunity(kit.deps, { caller: callers.am1, opportunityId: other.id })).rejects.toMatchObject({
        code: ErrorCode.OpportunityNotFound,
      });
    }
    const own = await listOpportunities(kit.deps, { caller: callers.am1, filters: {}, page: { limit: 25 } });
    const asked = await listOpportunities(kit.deps, { caller: callers.am1, filters: { assigneeId: 'am2' }, page: { limit: 25 } });
    const all = await listOpportunities(kit.deps, { caller: callers.sales, filters: {}, page: { limit: 25 } });
    expect(own.items.map((item) => item.id)).toEqual([ofAm1.id]);
    expect(asked.items).toEqual([]);
    expect(all.items).toHaveLength(3);
  });

  it('filters by status, source and a created date range, newest first', async () => {
    const first = await create({ source: 'website' });
    kit.advance(24 * 60 * 60 * 1000);
    const second = await create({ source: 'website' });
    kit.advance(24 * 60 * 60 * 1000);
    await create({ source: 'referral' });
    const day = (offset: number) => new Date(PINNED_NOW.getTime() + offset * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

    const bySource = await listOpportunities(kit.deps, { caller: exec, filters: { source: 'website' }, page: { limit: 25 } });
    const firstDay = await listOpportunities(kit.deps, { caller: exec, filters: { createdFrom: day(0), createdTo: day(0) }, page: { limit: 25 } });
    const fromSecond = await listOpportunities(kit.deps, { caller: exec, filters: { source: 'website', createdFrom: day(1) }, page: { limit: 25 } });

    expect(bySource.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(firstDay.items.map((item) => item.id)).toEqual([first.id]);
    expect(fromSecond.items.map((item) => item.id)).toEqual([second.id]);
  });

  it('edits an open opportunity and moves the pipeline amount by the difference', async () => {
    const opportunity = await create();

    const edited = await updateOpportunity(kit.deps, {
      caller: callers.sales,
      opportunityId: opportunity.id,
      changes: { estimatedAmount: { amount: 2_500_000, currency: 'CNY' }, successRate: 70, contactPhone: null },
      expectedVersion: 1,
    });

    expect(edited).toMatchObject({ successRate: 70, version: 2 });
    expect(edited.contactPhone).toBeUndefined();
    expect((await kit.opportunities.pipeline()).byStatus.unassigned.estimatedAmounts).toEqual([{ amount: 2_500_000, currency: 'CNY' }]);
  });

  it('runs the whole flow: assign → plan → results → win creates one customer owned by the assignee, with the contact', async () => {
    // Prepare
    const assigned = await assign(await create(), 'am1');
    const step = await createPlanStep(kit.deps, {
      caller: callers.am1,
      opportunityId: assigned.id,
      input: { plannedAt: '2026-12-01', action: 'Visit the plant' },
    });
    await updatePlanStep(kit.deps, {
      caller: callers.am1,
      opportunityId: assigned.id,
      stepId: step.value.id,
      input: { result: 'Samples approved' },
      expectedVersion: 1,
    });

    // Act
    const won = await win(assigned, callers.am1);

    // Assess
    expect(won.kind).toBe('created');
    expect(won.value).toMatchObject({ status: 'won', version: 3, closedBy: 'am1' });
    expect(kit.opportunities.createdCustomers).toHaveLength(1);
    const customer = kit.opportunities.createdCustomers[0]!;
    expect(customer).toMatchObject({
      id: won.value.customerId,
      name: '苏州新材料科技有限公司',
      ownerId: 'am1',
      ownerName: '李雷 Li Lei',
      level: 'ordinary',
      status: 'active',
      source: 'trade-show',
      type: 'customer',
      kind: 'company',
      createdBy: 'am1',
    });
    expect(customer.customerNo).toMatch(/^C261122-[0-9A-Z]{5}$/);
    expect(kit.opportunities.contacts).toEqual([
      expect.objectContaining({ customerId: customer.id, name: '刘洋 Liu Yang', mobile: '+86 139 1234 5678' }),
    ]);
    const plan = await listPlanSteps(kit.deps, { caller: exec, opportunityId: assigned.id, page: { limit: 25 } });
    expect(plan.items).toEqual([expect.objectContaining({ action: 'Visit the plant', result: 'Samples approved', version: 2 })]);
  });

  it('never creates a second customer: a retry with the same key replays, any other second win is 409', async () => {
    const assigned = await assign(await create(), 'am1');
    const first = await win(assigned, callers.sales, { idempotency: claim('win-key-0001') });

    const retry = await win(assigned, callers.sales, { idempotency: claim('win-key-0001') });
    const otherRequest = win(assigned, callers.sales, { idempotency: claim('win-key-0001', 'another-request') });
    const plain = win({ id: assigned.id, version: first.value.version }, callers.sales);

    expect(retry).toEqual({ kind: 'replayed', value: first.value });
    await expect(otherRequest).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
    await expect(plain).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(kit.opportunities.createdCustomers).toHaveLength(1);
  });

  it('wins an opportunity of an existing customer without creating one', async () => {
    kit.opportunities.customers.set('01JCUSTOMER000000000000000', { id: '01JCUSTOMER000000000000000', name: 'Acme Trading Ltd' });
    const { prospectName: _name, ...input } = newOpportunityInput({ customerId: '01JCUSTOMER000000000000000' });
    const opportunity = (await createOpportunity(kit.deps, { caller: callers.sales, input: input as CreateOpportunityInput })).value;
    const assigned = await assign(opportunity, 'am2');

    const won = await win(assigned, callers.sales);

    expect(won.value).toMatchObject({ status: 'won', customerId: '01JCUSTOMER000000000000000' });
    expect(kit.opportunities.createdCustomers).toEqual([]);
  });

  it('refuses invalid moves with 409 and changes nothing: win/lose/plan before assignment, anything after closing', async () => {
    const unassigned = await create();
    const lost = await loseOpportunity(kit.deps, {
      caller: callers.am2,
      opportunityId: (await assign(await create(), 'am2')).id,
      input: { reason: 'Budget cut' },
      expectedVersion: 2,
    });
    const writesBefore = kit.opportunities.writes;

    const attempts = [
      win(unassigned, callers.sales),
      loseOpportunity(kit.deps, { caller: callers.sales, opportunityId: unassigned.id, input: { reason: 'x' }, expectedVersion: 1 }),
      createPlanStep(kit.deps, { caller: callers.sales, opportunityId: unassigned.id, input: { plannedAt: '2026-12-01', action: 'Call' } }),
      win(lost, callers.am2),
      assign(lost, 'am1'),
      updateOpportunity(kit.deps, { caller: callers.sales, opportunityId: lost.id, changes: { successRate: 1 }, expectedVersion: lost.version }),
      updateOpportunity(kit.deps, { caller: callers.sales, opportunityId: lost.id, changes: { estimatedAmount: null }, expectedVersion: lost.version }),
      createPlanStep(kit.deps, { caller: callers.am2, opportunityId: lost.id, input: { plannedAt: '2026-12-01', action: 'Call' } }),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(lost).toMatchObject({ status: 'lost', lostReason: 'Budget cut', closedBy: 'am2' });
    expect(kit.opportunities.writes).toBe(writesBefore);
    expect(kit.opportunities.createdCustomers).toEqual([]);
  });

  it('lets an account manager work only the opportunities assigned to them (404 otherwise, nothing written)', async () => {
    const ofAm2 = await assign(await create(), 'am2');
    const step = await createPlanStep(kit.deps, { caller: callers.sales, opportunityId: ofAm2.id, input: { plannedAt: '2026-12-01', action: 'Call' } });
    const writesBefore = kit.opportunities.writes;

    const attempts = [
      win(ofAm2, callers.am1),
      loseOpportunity(kit.deps, { caller: callers.am1, opportunityId: ofAm2.id, input: { reason: 'x' }, expectedVersion: 2 }),
      createPlanStep(kit.deps, { caller: callers.am1, opportunityId: ofAm2.id, input: { plannedAt: '2026-12-01', action: 'Call' } }),
      updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: ofAm2.id, stepId: step.value.id, input: { result: 'x' }, expectedVersion: 1 }),
      listPlanSteps(kit.deps, { caller: callers.am1, opportunityId: ofAm2.id, page: { limit: 25 } }),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: ErrorCode.OpportunityNotFound });
    expect(kit.opportunities.writes).toBe(writesBefore);
  });

  it('refuses a stale plan-step version (412) and an unknown step (404)', async () => {
    const assigned = await assign(await create(), 'am1');
    const step = await createPlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, input: { plannedAt: '2026-12-01', action: 'Call' } });

    const stale = updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, stepId: step.value.id, input: { result: 'x' }, expectedVersion: 3 });
    const unknown = updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, stepId: '01JUNKNOWN0000000000000000', input: { result: 'x' }, expectedVersion: 1 });

    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(unknown).rejects.toMatchObject({ code: ErrorCode.PlanStepNotFound });
  });

  it('keeps the pipeline figures equal to a recount of the opportunities through the whole life cycle', async () => {
    const a = await assign(await create({ estimatedAmount: { amount: 100, currency: 'CNY' } }), 'am1');
    const b = await assign(await create({ estimatedAmount: { amount: 250, currency: 'USD' } }), 'am2');
    await create({ estimatedAmount: undefined });
    await win(a, callers.sales);
    await loseOpportunity(kit.deps, { caller: callers.sales, opportunityId: b.id, input: { reason: 'Price' }, expectedVersion: 2 });

    const figures = await kit.opportunities.pipeline();

    expect(figures).toEqual(pipelineOf([...kit.opportunities.opportunities.values()]));
    expect(figures.byStatus.won).toEqual({ count: 1, estimatedAmounts: [{ amount: 100, currency: 'CNY' }] });
    expect(figures.byStatus.lost).toEqual({ count: 1, estimatedAmounts: [{ amount: 250, currency: 'USD' }] });
    expect(figures.byStatus.unassigned.count).toBe(1);
    expect(figures.byStatus.assigned).toEqual({ count: 0, estimatedAmounts: [] });
    expect(figures.winRate).toBe(0.5);
  });

  it.each([
    ['+86 139 1234 5678', 'mobile'],
    ['13912345678', 'mobile'],
    ['0571-8888 1234', 'officePhone'],
    ['+1 617 555 0142', 'officePhone'],
  ])('files the contact phone %s as the primary contact’s %s', (phone, field) => {
    expect(phoneFieldOf(phone)).toEqual({ [field]: phone });
  });
});
