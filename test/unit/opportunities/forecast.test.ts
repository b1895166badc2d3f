import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import type { CreateOpportunityInput, UpdateOpportunityInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import { forecastQuery } from '#functions/reports/get-forecast-report.schema';
import { forecastReport } from '#functions/reports/get-forecast-report.use-case';
import type { ForecastDependencies } from '#functions/reports/get-forecast-report.ports';
import { isDomainError } from '#shared/core/errors';
import { forecastDeltas, forecastOf, summarizeForecast, type ForecastItem } from '#shared/reports/forecast';
import { callers, newOpportunityInput, opportunityTestKit, PINNED_NOW } from '#test/fakes/opportunity-test-kit';

/** The forecast report's store over a kit's cells (as DynamoDbForecastStore: month range, owner filter). */
const storeOf = (cells: Map<string, Record<string, unknown>>): ForecastDependencies => ({
  clock: { now: () => PINNED_NOW },
  forecast: {
    cells: async (from, to, ownerId) =>
      [...cells.values()].filter(
        (cell) => String(cell.month) >= from && String(cell.month) <= to && (ownerId === undefined || cell.ownerId === ownerId),
      ) as ForecastItem[],
  },
});

const MONTHS = ['2026-11', '2026-12', '2027-01', '2027-02'];
const money = fc.option(fc.record({ amount: fc.integer({ min: 0, max: 10_000_000_000 }), currency: fc.constantFrom('CNY', 'USD') }), { nil: undefined });
const closeDate = fc.option(fc.constantFrom(...MONTHS.map((month) => `${month}-15`)), { nil: undefined });
const stage = fc.constantFrom('initial-contact', 'needs-confirmed', 'proposal', 'negotiation', 'won');
const probability = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });

const command = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), amount: money, closeDate, stage: fc.option(stage, { nil: undefined }), probability }),
  fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), to: fc.constantFrom('am1', 'am2') }),
  fc.record({
    kind: fc.constant('edit' as const),
    pick: fc.nat(),
    amount: fc.option(fc.option(money, { nil: null }), { nil: undefined }),
    closeDate: fc.option(fc.option(closeDate, { nil: null }), { nil: undefined }),
    stage: fc.option(stage, { nil: undefined }),
    probability,
  }),
  fc.record({ kind: fc.constant('win' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('lose' as const), pick: fc.nat() }),
);

describe('forecast cells', () => {
  it('moves an opportunity between cells by the difference, weighted by its probability, and not once closed', () => {
    const subject = { status: 'assigned', stage: 'proposal', probability: 50, estimatedAmount: { amount: 1_001, currency: 'CNY' }, expectedCloseDate: '2027-01-31', assigneeId: 'am1' };

    expect(forecastDeltas(undefined, subject)).toEqual([
      { cell: { month: '2027-01', ownerId: 'am1', stage: 'proposal' }, counts: { count: 1, amount_CNY: 1_001, weighted_CNY: 50_050 } },
    ]);
    expect(forecastDeltas(subject, { ...subject, probability: 70 })).toEqual([
      { cell: { month: '2027-01', ownerId: 'am1', stage: 'proposal' }, counts: { weighted_CNY: 20_020 } },
    ]);
    expect(forecastDeltas(subject, { ...subject, assigneeId: 'am2' }).map((delta) => delta.cell.ownerId)).toEqual(['am1', 'am2']);
    expect(forecastDeltas(subject, { ...subject, status: 'won' })).toEqual([
      { cell: { month: '2027-01', ownerId: 'am1', stage: 'proposal' }, counts: { count: -1, amount_CNY: -1_001, weighted_CNY: -50_050 } },
    ]);
    expect(forecastDeltas(subject, { ...subject, summary: 'edited' } as typeof subject)).toEqual([]);
    // No close date, or no probability (stored before stages): in no cell.
    expect(forecastDeltas(undefined, { ...subject, expectedCloseDate: undefined })).toEqual([]);
    expect(forecastDeltas(undefined, { ...subject, probability: undefined })).toEqual([]);
  });

  it('sums cells per month (every month, zeros too), stage in list order, owner, rounding the weighted amount half up to the fen', () => {
    const summary = summarizeForecast(
      [
        { month: '2027-01', ownerId: 'am1', stage: 'proposal', count: 1, amount_CNY: 1_001, weighted_CNY: 50_050 },
        { month: '2027-01', ownerId: '-', stage: 'initial-contact', count: 2, amount_CNY: 999, weighted_CNY: 9_990 },
        { month: '2027-03', ownerId: 'am1', stage: 'proposal', count: 1 },
      ],
      ['2027-01', '2027-02'],
      ['initial-contact', 'proposal'],
    );

    expect(summary.total).toEqual({ count: 3, amounts: [{ amount: 2_000, currency: 'CNY' }], weightedAmounts: [{ amount: 600, currency: 'CNY' }] });
    expect(summary.byMonth.map((month) => [month.month, month.count])).toEqual([['2027-01', 3], ['2027-02', 0]]);
    expect(summary.byStage.map((row) => row.stage)).toEqual(['initial-contact', 'proposal']);
    expect(summary.byOwner.map((row) => row.ownerId)).toEqual([null, 'am1']);
    // 50 050 / 100 = 500.5 → 501; 9 990 / 100 = 99.9 → 100; the total is the exact sum rounded once: 600.4 → 600.
    expect(summary.cells.map((cell) => cell.weightedAmounts[0]?.amount)).toEqual([100, 501]);
  });

  it('always equals the forecast recomputed from the opportunities, whatever sequence of creates, edits, stage moves, reassignments, wins and losses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const kit = opportunityTestKit();
        const ids: string[] = [];
        for (const step of commands) {
          try {
            if (step.kind === 'create') {
              const input = newOpportunityInput({
                estimatedAmount: step.amount,
                expectedCloseDate: step.closeDate,
                ...(step.stage ? { stage: step.stage } : {}),
                ...(step.probability === undefined ? {} : { probability: step.probability }),
              }) as CreateOpportunityInput;
              ids.push((await createOpportunity(kit.deps, { caller: callers.sales, input })).value.id);
              continue;
            }
            const id = ids[step.pick % Math.max(ids.length, 1)];
            const opportunity = id === undefined ? undefined : await kit.opportunities.get(id);
            if (!opportunity) continue;
            const target = { opportunityId: opportunity.id, expectedVersion: opportunity.version };
            if (step.kind === 'assign') await assignOpportunity(kit.deps, { caller: callers.sales, ...target, input: { assigneeId: step.to } });
            if (step.kind === 'edit') {
              const changes = Object.fromEntries(
                Object.entries({ estimatedAmount: step.amount, expectedCloseDate: step.closeDate, stage: step.stage, probability: step.probability }).filter(
                  ([, value]) => value !== undefined,
                ),
              ) as UpdateOpportunityInput;
              if (Object.keys(changes).length > 0) await updateOpportunity(kit.deps, { caller: callers.sales, ...target, changes });
            }
            if (step.kind === 'win') await winOpportunity(kit.deps, { caller: callers.am1, ...target, input: {} });
            if (step.kind === 'lose') await loseOpportunity(kit.deps, { caller: callers.sales, ...target, input: { reason: 'x' } });
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
        const opportunities = [...kit.opportunities.opportunities.values()];
        const report = await forecastReport(storeOf(kit.opportunities.forecastItems), callers.sales, { from: MONTHS[0], to: MONTHS.at(-1) });
        const expected = forecastOf(opportunities, MONTHS, ['initial-contact', 'needs-confirmed', 'proposal', 'negotiation', 'won', 'lost']);
        expect(report.body).toMatchObject({ total: expected.total, byMonth: expected.byMonth, byStage: expected.byStage, byOwner: expected.byOwner, items: expected.cells });
        // An account manager's forecast is the same recount over their own opportunities.
        const own = await forecastReport(storeOf(kit.opportunities.forecastItems), callers.am1, { from: MONTHS[0], to: MONTHS.at(-1) });
        expect(own.body.total).toEqual(forecastOf(opportunities.filter((opportunity) => opportunity.assigneeId === 'am1'), MONTHS).total);
      }),
      { numRuns: 150 },
    );
  });
});

describe('forecast report', () => {
  it("limits an account manager to their own figures: another owner's are an empty forecast, never a wider one", async () => {
    // Prepare
    const cells = new Map<string, Record<string, unknown>>([
      ['a', { month: '2026-11', ownerId: 'am1', stage: 'proposal', count: 1, amount_CNY: 100, weighted_CNY: 5_000 }],
      ['b', { month: '2026-11', ownerId: 'am2', stage: 'proposal', count: 1, amount_CNY: 300, weighted_CNY: 15_000 }],
    ]);
    const deps = storeOf(cells);

    // Act
    const own = await forecastReport(deps, callers.am1, {});
    const foreign = await forecastReport(deps, callers.am1, { ownerId: 'am2' });
    const manager = await forecastReport(deps, callers.sales, { ownerId: 'am2' });
    const all = await forecastReport(deps, callers.sales, {});

    // Assess
    expect(own.body).toMatchObject({ ownerId: 'am1', total: { count: 1 } });
    expect(foreign.body).toMatchObject({ ownerId: 'am1', total: { count: 0, amounts: [] } });
    expect(manager.body).toMatchObject({ ownerId: 'am2', total: { count: 1, amounts: [{ amount: 300, currency: 'CNY' }] } });
    expect(all.body).toMatchObject({ ownerId: null, total: { count: 2 }, from: '2026-11', to: '2027-10' });
    expect(all.table.rows).toEqual([
      ['2026-11', 'proposal', 'am1', 1, '1.00', '0.50', 'CNY'],
      ['2026-11', 'proposal', 'am2', 1, '3.00', '1.50', 'CNY'],
    ]);
  });

  it('refuses from after to and a range over 24 months', () => {
    expect(forecastQuery.safeParse({ from: '2027-01', to: '2026-12' }).success).toBe(false);
    expect(forecastQuery.safeParse({ from: '2026-01', to: '2028-01' }).success).toBe(false);
    expect(forecastQuery.safeParse({ from: '2026-01', to: '2027-12' }).success).toBe(true);
    expect(forecastQuery.safeParse({ from: '2026-1' }).success).toBe(false);
  });
});
