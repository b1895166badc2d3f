import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#local/bootstrap-table';
import { backfillForecast, FORECAST_BACKFILL_ACTOR } from '#functions/jobs/forecast-backfill';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import type { OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { opportunityEntity } from '#functions/opportunities/opportunity/opportunity.entity';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';
import type { CreateOpportunityInput, Opportunity, UpdateOpportunityInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { builtInStages } from '#functions/opportunities/opportunity/stages';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import { DynamoDbForecastStore } from '#functions/reports/get-forecast-report.repository';
import { DynamoDbCustomFieldSource } from '#shared/custom-fields/custom-field-definitions.repository';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode, isDomainError } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { forecastOf, summarizeForecast } from '#shared/reports/forecast';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { callers, newOpportunityInput } from '#test/fakes/opportunity-test-kit';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

const MONTHS = ['2027-01', '2027-02', '2027-03'];

/**
 * The forecast cells and the stage history on DynamoDB Local: every write moves the cells by the difference in its
 * own transaction, a refused write moves nothing, and the back-fill puts opportunities stored before stages in.
 * A table of its own, so the cells hold only what this file wrote and can be compared with a recount.
 */
describe('forecast cells and stage history on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(2020));
  const tableName = `crm-int-forecast-${randomBytes(4).toString('hex')}`;
  let client: ReturnType<typeof createDocumentClient>;
  let admin: ReturnType<typeof ddbClient>;
  let repository: DynamoDbOpportunityRepository;
  let store: DynamoDbForecastStore;
  let deps: OpportunityDependencies;
  const created: string[] = [];

  const create = async (overrides: Record<string, unknown> = {}): Promise<Opportunity> => {
    const opportunity = (await createOpportunity(deps, { caller: callers.sales, input: newOpportunityInput(overrides) as CreateOpportunityInput })).value;
    created.push(opportunity.id);
    return opportunity;
  };
  const update = (opportunity: Pick<Opportunity, 'id' | 'version'>, changes: UpdateOpportunityInput) =>
    updateOpportunity(deps, { caller: callers.sales, opportunityId: opportunity.id, changes, expectedVersion: opportunity.version });
  /** The stored cells summed, against the recount of every opportunity this file wrote. */
  const expectCellsExact = async () => {
    const opportunities = (await Promise.all(created.map((id) => repository.get(id)))).filter((found): found is Opportunity => found !== undefined);
    expect(summarizeForecast(await store.cells(MONTHS[0] as string, MONTHS.at(-1) as string), MONTHS)).toEqual(forecastOf(opportunities, MONTHS));
  };

  beforeAll(async () => {
    const info = useLocalStack();
    admin = ddbClient();
    await ensureTable(admin, tableName);
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbOpportunityRepository(client, tableName);
    store = new DynamoDbForecastStore(client, tableName);
    deps = {
      opportunities: repository,
      directory: fakeUserDirectory(DEMO_DIRECTORY),
      clock: { now: () => new Date() },
      ids,
      duplicates: new DynamoDbDuplicateFinder(client, tableName),
      customFields: new DynamoDbCustomFieldSource(client, tableName),
      stages: builtInStages,
    };
  });
  afterAll(async () => {
    await admin.send(new DeleteTableCommand({ TableName: tableName }));
    admin.destroy();
    client.destroy();
  });

  it('keeps the cells equal to a recount through creates, stage moves, edits, reassignments, wins and losses', async () => {
    const command = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), month: fc.constantFrom(...MONTHS), amount: fc.integer({ min: 0, max: 9_999_999 }) }),
      fc.record({
        kind: fc.constant('edit' as const),
        pick: fc.nat(),
        stage: fc.option(fc.constantFrom('needs-confirmed', 'proposal', 'negotiation'), { nil: undefined }),
        probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        month: fc.option(fc.constantFrom(...MONTHS), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), to: fc.constantFrom('am1', 'am2') }),
      fc.record({ kind: fc.constant('close' as const), pick: fc.nat(), won: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        for (const step of commands) {
          try {
            if (step.kind === 'create') {
              await create({ expectedCloseDate: `${step.month}-10`, estimatedAmount: { amount: step.amount, currency: 'CNY' } });
              continue;
            }
            const opportunity = await repository.get(created[step.pick % created.length] as string);
            if (!opportunity) continue;
            const target = { opportunityId: opportunity.id, expectedVersion: opportunity.version };
            if (step.kind === 'edit') {
              const changes = { ...(step.stage ? { stage: step.stage } : {}), ...(step.probability === undefined ? {} : { probability: step.probability }), ...(step.month ? { expectedCloseDate: `${step.month}-20` } : {}) };
              if (Object.keys(changes).length > 0) await update(opportunity, changes);
            }
            if (step.kind === 'assign') await assignOpportunity(deps, { caller: callers.sales, ...target, input: { assigneeId: step.to } });
            if (step.kind === 'close' && step.won) await winOpportunity(deps, { caller: callers.sales, ...target, input: {} });
            if (step.kind === 'close' && !step.won) await loseOpportunity(deps, { caller: callers.sales, ...target, input: { reason: 'price' } });
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
        await expectCellsExact();
      }),
      { numRuns: 6 },
    );
  });

  it('records each stage move beside the header and reads them oldest first', async () => {
    const opportunity = await create({ expectedCloseDate: '2027-02-01' });
    const moved = await update(opportunity, { stage: 'proposal' });
    await update(moved, { probability: 55 });

    const history = await repository.stageHistory(opportunity.id, { limit: 10 });

    expect(history.opportunity?.id).toBe(opportunity.id);
    expect(history.items.map(({ from, to, probability, version }) => ({ from, to, probability, version }))).toEqual([
      { from: undefined, to: 'initial-contact', probability: 10, version: 1 },
      { from: 'initial-contact', to: 'proposal', probability: 50, version: 2 },
    ]);
    // The plan-steps range does not reach the history items.
    expect((await repository.listSteps(opportunity.id, { limit: 10 })).items).toEqual([]);
  });

  it('lets exactly one of two racing edits of one version through; the cells stay exact', async () => {
    const opportunity = await create({ expectedCloseDate: '2027-03-05', estimatedAmount: { amount: 1_000_00, currency: 'CNY' } });

    const outcomes = await Promise.allSettled([update(opportunity, { stage: 'negotiation' }), update(opportunity, { probability: 90, expectedCloseDate: '2027-01-05' })]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: ErrorCode.VersionConflict });
    await expectCellsExact();
  });

  it('back-fills an opportunity stored before stages once (its success rate as probability), re-runnable, version kept', async () => {
    const id = ids.next();
    const at = '2026-10-01T00:00:00.000Z';
    const old: Opportunity = {
      id, prospectName: 'Old prospect', summary: 'Stored before stages', successRate: 35, status: 'assigned', assigneeId: 'am2', assigneeName: 'AM 2',
      estimatedAmount: { amount: 200_000, currency: 'CNY' }, expectedCloseDate: '2027-02-14', version: 3, createdAt: at, createdBy: 'sales', updatedAt: at, updatedBy: 'sales',
    };
    await client.send(new PutCommand({ TableName: tableName, Item: opportunityEntity.toItem(old) }));
    created.push(id);

    const first = await backfillForecast(client, tableName);
    const again = await backfillForecast(client, tableName);

    expect(first.updated).toBeGreaterThanOrEqual(1);
    expect(again.updated).toBe(0);
    const stored = (await client.send(new GetCommand({ TableName: tableName, Key: opportunityKeys.item(id) }))).Item;
    expect(stored).toMatchObject({ stage: 'initial-contact', probability: 35, version: 3 });
    expect((await repository.stageHistory(id, { limit: 10 })).items).toEqual([
      expect.objectContaining({ to: 'initial-contact', probability: 35, by: FORECAST_BACKFILL_ACTOR }),
    ]);
    await expectCellsExact();
  });
});
