import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import { createOpportunityBody, updateOpportunityBody, type CreateOpportunityInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { MAX_SUMMED_AMOUNT } from '#shared/core/schema-primitives';
import { pipelineDeltas, pipelineOf, summarizePipeline } from '#functions/opportunities/opportunity/pipeline';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import { isDomainError } from '#shared/core/errors';
import { callers, newOpportunityInput, opportunityTestKit } from '#test/fakes/opportunity-test-kit';

const money = fc.option(fc.record({ amount: fc.integer({ min: 0, max: 10_000_000_000 }), currency: fc.constantFrom('CNY', 'USD', 'EUR') }), {
  nil: undefined,
});

/** One step of a random session: which opportunity (by index into those created so far) and what to do. */
const command = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), amount: money }),
  fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), to: fc.constantFrom('am1', 'am2') }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), amount: fc.option(money, { nil: null }) }),
  fc.record({ kind: fc.constant('win' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('lose' as const), pick: fc.nat() }),
);

describe('pipeline figures', () => {
  it('moves count and amount between statuses, and leaves out changes that cancel out', () => {
    const amount = { amount: 500, currency: 'CNY' };

    expect(pipelineDeltas(undefined, { status: 'unassigned', estimatedAmount: amount })).toEqual([
      { status: 'unassigned', count: 1, amounts: { CNY: 500 } },
    ]);
    expect(pipelineDeltas({ status: 'assigned', estimatedAmount: amount }, { status: 'won', estimatedAmount: amount })).toEqual([
      { status: 'assigned', count: -1, amounts: { CNY: -500 } },
      { status: 'won', count: 1, amounts: { CNY: 500 } },
    ]);
    expect(pipelineDeltas({ status: 'assigned', estimatedAmount: amount }, { status: 'assigned', estimatedAmount: amount })).toEqual([]);
    expect(
      pipelineDeltas({ status: 'assigned', estimatedAmount: amount }, { status: 'assigned', estimatedAmount: { amount: 70, currency: 'USD' } }),
    ).toEqual([{ status: 'assigned', count: 0, amounts: { CNY: -500, USD: 70 } }]);
  });

  it('sums the shards of each status and computes the win rate from won and lost only', () => {
    const figures = summarizePipeline([
      { status: 'won', count: 2, amount_CNY: 300 },
      { status: 'won', count: 1, amount_CNY: 200, amount_USD: 5 },
      { status: 'lost', count: 1 },
      { status: 'assigned', count: 0, amount_CNY: 0 },
      { status: 'unknown', count: 99 },
    ]);

    expect(figures.byStatus.won).toEqual({ count: 3, estimatedAmounts: [{ amount: 500, currency: 'CNY' }, { amount: 5, currency: 'USD' }] });
    expect(figures.byStatus.assigned).toEqual({ count: 0, estimatedAmounts: [] });
    expect(figures.winRate).toBe(0.75);
    expect(summarizePipeline([]).winRate).toBeNull();
  });

  it('always equals a recount of the opportunities, whatever sequence of (valid or refused) moves is made', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const kit = opportunityTestKit();
        const ids: string[] = [];
        const current = async (pick: number) => {
          const id = ids[pick % Math.max(ids.length, 1)];
          return id === undefined ? undefined : kit.opportunities.get(id);
        };
        for (const step of commands) {
          try {
            if (step.kind === 'create') {
              const input = newOpportunityInput({ estimatedAmount: step.amount }) as CreateOpportunityInput;
              ids.push((await createOpportunity(kit.deps, { caller: callers.sales, input })).value.id);
              continue;
            }
            const opportunity = await current(step.pick);
            if (!opportunity) continue;
            const target = { opportunityId: opportunity.id, expectedVersion: opportunity.version };
            if (step.kind === 'assign') await assignOpportunity(kit.deps, { caller: callers.sales, ...target, input: { assigneeId: step.to } });
            if (step.kind === 'edit') await updateOpportunity(kit.deps, { caller: callers.sales, ...target, changes: { estimatedAmount: step.amount } });
            if (step.kind === 'win') await winOpportunity(kit.deps, { caller: callers.sales, ...target, input: {} });
            if (step.kind === 'lose') await loseOpportunity(kit.deps, { caller: callers.sales, ...target, input: { reason: 'x' } });
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          expect(await kit.opportunities.pipeline()).toEqual(pipelineOf([...kit.opportunities.opportunities.values()]));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('estimated amounts stay summable', () => {
  it('refuses an estimate above the largest amount the pipeline figures can add up, on create and on update', () => {
    // Prepare
    const base = { prospectName: 'Acme', summary: 'A deal', successRate: 50 };
    const estimate = (amount: number) => ({ estimatedAmount: { amount, currency: 'CNY' } });

    // Act / Assess
    expect(createOpportunityBody.safeParse({ ...base, ...estimate(MAX_SUMMED_AMOUNT) }).success).toBe(true);
    expect(createOpportunityBody.safeParse({ ...base, ...estimate(MAX_SUMMED_AMOUNT + 1) }).success).toBe(false);
    expect(updateOpportunityBody.safeParse(estimate(Number.MAX_SAFE_INTEGER)).success).toBe(false);
  });
});
