import { beforeEach, describe, expect, it } from 'vitest';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { getOpportunityStageHistory } from '#functions/opportunities/opportunity/get-opportunity-stage-history.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import type { CreateOpportunityInput, Opportunity, UpdateOpportunityInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { createOpportunityBody, updateOpportunityBody } from '#functions/opportunities/opportunity/opportunity.schema';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, newOpportunityInput, opportunityTestKit, PINNED_NOW } from '#test/fakes/opportunity-test-kit';

describe('opportunity stages: default probability, overrides, closing stages and the stage history', () => {
  let kit: ReturnType<typeof opportunityTestKit>;

  const create = async (overrides: Record<string, unknown> = {}): Promise<Opportunity> =>
    (await createOpportunity(kit.deps, { caller: callers.sales, input: newOpportunityInput(overrides) as CreateOpportunityInput })).value;
  const update = (opportunity: Pick<Opportunity, 'id' | 'version'>, changes: UpdateOpportunityInput) =>
    updateOpportunity(kit.deps, { caller: callers.sales, opportunityId: opportunity.id, changes, expectedVersion: opportunity.version });
  const history = async (opportunityId: string, caller: (typeof callers)[keyof typeof callers] = callers.sales) =>
    (await getOpportunityStageHistory(kit.deps, { caller, opportunityId, page: { limit: 25 } })).items;

  beforeEach(() => {
    kit = opportunityTestKit();
  });

  it('starts a new opportunity in the first open stage at its default probability, and records that first stage', async () => {
    // Act
    const opportunity = await create();

    // Assess
    expect(opportunity).toMatchObject({ stage: 'initial-contact', probability: 10 });
    expect(await history(opportunity.id)).toEqual([
      { opportunityId: opportunity.id, to: 'initial-contact', probability: 10, at: PINNED_NOW.toISOString(), by: 'sales', version: 1 },
    ]);
  });

  it('takes a given stage and probability on create', async () => {
    // Act
    const staged = await create({ stage: 'proposal' });
    const weighted = await create({ stage: 'proposal', probability: 65 });

    // Assess
    expect(staged).toMatchObject({ stage: 'proposal', probability: 50 });
    expect(weighted).toMatchObject({ stage: 'proposal', probability: 65 });
  });

  it('takes the success rate given, else the probability (the salesperson’s estimate defaults to the forecast weight)', async () => {
    // Act
    const given = await create({ stage: 'proposal', successRate: 35 });
    const fromStage = await create({ stage: 'proposal', successRate: undefined });
    const fromWeight = await create({ stage: 'proposal', probability: 65, successRate: undefined });

    // Assess
    expect(given).toMatchObject({ successRate: 35, probability: 50 });
    expect(fromStage).toMatchObject({ successRate: 50, probability: 50 });
    expect(fromWeight).toMatchObject({ successRate: 65, probability: 65 });
    expect(createOpportunityBody.safeParse({ prospectName: '华北重工', summary: '年度采购' }).success).toBe(true);
  });

  it("moves the stage with the new stage's default probability unless one is given, and records each move", async () => {
    // Prepare
    const opportunity = await create();
    kit.advance(60_000);

    // Act
    const moved = await update(opportunity, { stage: 'needs-confirmed' });
    const overridden = await update(moved, { probability: 45 });
    const movedWithWeight = await update(overridden, { stage: 'negotiation', probability: 80 });

    // Assess
    expect(moved).toMatchObject({ stage: 'needs-confirmed', probability: 30, version: 2 });
    expect(overridden).toMatchObject({ stage: 'needs-confirmed', probability: 45, version: 3 });
    expect(movedWithWeight).toMatchObject({ stage: 'negotiation', probability: 80, version: 4 });
    expect((await history(opportunity.id)).map(({ from, to, probability, version }) => ({ from, to, probability, version }))).toEqual([
      { from: undefined, to: 'initial-contact', probability: 10, version: 1 },
      { from: 'initial-contact', to: 'needs-confirmed', probability: 30, version: 2 },
      { from: 'needs-confirmed', to: 'negotiation', probability: 80, version: 4 },
    ]);
  });

  it('refuses won and lost as an edit or a create (400 naming body.stage), writing nothing', async () => {
    // Prepare
    const opportunity = await create();
    const writes = kit.opportunities.writes;

    // Act
    const edit = await update(opportunity, { stage: 'won' }).catch((error: unknown) => error);
    const created = await create({ stage: 'lost' }).catch((error: unknown) => error);

    // Assess
    expect(edit).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.stage' }] } });
    expect(created).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.stage' }] } });
    expect(kit.opportunities.writes).toBe(writes);
  });

  it('closes the stage as won (100 %) or lost (0 %) and records the move', async () => {
    // Prepare
    const first = await create({ stage: 'proposal' });
    const second = await create();
    const assignedFirst = await assignOpportunity(kit.deps, { caller: callers.sales, opportunityId: first.id, input: { assigneeId: 'am1' }, expectedVersion: 1 });
    const assignedSecond = await assignOpportunity(kit.deps, { caller: callers.sales, opportunityId: second.id, input: { assigneeId: 'am1' }, expectedVersion: 1 });

    // Act
    const won = await winOpportunity(kit.deps, { caller: callers.am1, opportunityId: first.id, input: {}, expectedVersion: assignedFirst.version });
    const lost = await loseOpportunity(kit.deps, { caller: callers.am1, opportunityId: second.id, input: { reason: 'price' }, expectedVersion: assignedSecond.version });

    // Assess
    expect(won.value).toMatchObject({ status: 'won', stage: 'won', probability: 100 });
    expect(lost).toMatchObject({ status: 'lost', stage: 'lost', probability: 0 });
    expect((await history(first.id)).at(-1)).toMatchObject({ from: 'proposal', to: 'won', probability: 100, by: 'am1' });
    expect((await history(second.id)).at(-1)).toMatchObject({ from: 'initial-contact', to: 'lost', probability: 0, by: 'am1' });
  });

  it("hides another account manager's stage history as a missing opportunity (404)", async () => {
    // Prepare
    const opportunity = await create();
    await assignOpportunity(kit.deps, { caller: callers.sales, opportunityId: opportunity.id, input: { assigneeId: 'am1' }, expectedVersion: 1 });

    // Act
    const own = await history(opportunity.id, callers.am1);
    const foreign = await history(opportunity.id, callers.am2).catch((error: unknown) => error);

    // Assess
    expect(own).toHaveLength(1);
    expect(foreign).toMatchObject({ code: ErrorCode.OpportunityNotFound });
  });

  it('accepts whole percentages 0–100 only', () => {
    expect(updateOpportunityBody.safeParse({ probability: 100 }).success).toBe(true);
    expect(updateOpportunityBody.safeParse({ probability: 101 }).success).toBe(false);
    expect(updateOpportunityBody.safeParse({ probability: 12.5 }).success).toBe(false);
    expect(createOpportunityBody.safeParse({ ...newOpportunityInput(), probability: -1 }).success).toBe(false);
  });
});
