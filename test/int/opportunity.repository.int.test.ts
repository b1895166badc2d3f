import { builtInStages } from '#functions/opportunities/opportunity/stages';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#local/bootstrap-table';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import type { OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import type { OpportunityGuard } from '#functions/opportunities/opportunity/opportunity.ports';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';
import type { CreateOpportunityInput, Opportunity, PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';
import { pipelineOf } from '#functions/opportunities/opportunity/pipeline';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import { DynamoDbCustomFieldSource } from '#shared/custom-fields/custom-field-definitions.repository';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode, isDomainError } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys, pipelineShardOf } from '#shared/keys/opportunity.keys';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { callers, newOpportunityInput } from '#test/fakes/opportunity-test-kit';
import { expectSortIndexesInStep } from '#test/support/customer-sort-indexes';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/** A step's result as the update use case writes it (functions/opportunities/plan-steps/update-plan-step.use-case.ts). */
const recordResult = (
  repository: Pick<DynamoDbOpportunityRepository, 'changeStep'>,
  step: PlanStep,
  result: string,
  guard: OpportunityGuard,
  actor: { username: string; at: string },
) => {
  const { assigneeId: _listed, ...rest } = step;
  return repository.changeStep(step, { ...rest, result, resultAt: actor.at, resultBy: actor.username, version: step.version + 1, updatedAt: actor.at, updatedBy: actor.username }, guard, actor);
};

/**
 * The DynamoDB repository on DynamoDB Local: keys and index attributes, the transactions of every status move
 * (with the customer a win creates), the refusals told apart from the item a condition saw, and the pipeline
 * figures. This file uses a table of its own, so the pipeline aggregate holds only what this file wrote and
 * can be compared with a recount of every opportunity in it.
 */
describe('DynamoDbOpportunityRepository on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(515));
  const tableName = `crm-int-opportunities-${randomBytes(4).toString('hex')}`;
  let client: ReturnType<typeof createDocumentClient>;
  let admin: ReturnType<typeof ddbClient>;
  let repository: DynamoDbOpportunityRepository;
  let deps: OpportunityDependencies;
  let clockNow = new Date('2026-11-22T08:00:00.000Z');

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
  const create = async (overrides: Record<string, unknown> = {}): Promise<Opportunity> =>
    (await createOpportunity(deps, { caller: callers.sales, input: newOpportunityInput(overrides) as CreateOpportunityInput })).value;
  const assign = (opportunity: Opportunity, assigneeId: string) =>
    assignOpportunity(deps, { caller: callers.sales, opportunityId: opportunity.id, input: { assigneeId }, expectedVersion: opportunity.version });
  const win = (opportunity: Pick<Opportunity, 'id' | 'version'>, input = {}) =>
    winOpportunity(deps, { caller: callers.sales, opportunityId: opportunity.id, input, expectedVersion: opportunity.version });
  const allOpportunities = async (): Promise<Opportunity[]> => {
    const found: Opportunity[] = [];
    let startKey: Record<string, string | number> | undefined;
    do {
      const page = await repository.list({}, { limit: 100, ...(startKey ? { startKey } : {}) });
      found.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return found;
  };

  beforeAll(async () => {
    const info = useLocalStack();
    admin = ddbClient();
    await ensureTable(admin, tableName);
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbOpportunityRepository(client, tableName);
    deps = {
      opportunities: repository,
      directory: fakeUserDirectory(DEMO_DIRECTORY),
      clock: { now: () => clockNow },
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

  it('writes the header with its index keys (no assignee index while unassigned) and its pipeline share', async () => {
    const opportunity = await create({ source: 'trade-show' });

    const item = await raw(opportunityKeys.item(opportunity.id));
    const sk = `${opportunity.createdAt}#${opportunity.id}`;
    expect(item).toMatchObject({
      entity: 'Opportunity',
      gsi2pk: 'OPPORTUNITY', gsi2sk: sk,
      gsi3pk: 'OPPORTUNITY#SOURCE#trade-show', gsi3sk: sk,
      gsi5pk: 'OPPORTUNITY#STATUS#unassigned', gsi5sk: sk,
    });
    expect(item?.gsi1pk).toBeUndefined();
    expect(await raw(opportunityKeys.pipeline('unassigned', pipelineShardOf(opportunity.id)))).toMatchObject({
      entity: 'PipelineFigures',
      status: 'unassigned',
      count: expect.any(Number),
      amount_CNY: expect.any(Number),
    });
    expect(await repository.get(opportunity.id)).toEqual(opportunity);
  });

  it('assigns in one transaction: status and assignee indexes move, the assignment is recorded, figures move', async () => {
    const opportunity = await create();
    const before = await repository.pipeline();

    const assigned = await assign(opportunity, 'am1');
    const reassigned = await assign(assigned, 'am2');

    const item = await raw(opportunityKeys.item(opportunity.id));
    expect(item).toMatchObject({ gsi1pk: 'ASSIGNEE#am2', gsi5pk: 'OPPORTUNITY#STATUS#assigned', version: 3, assigneeId: 'am2' });
    const history = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `OPPORTUNITY#${opportunity.id}`, ':prefix': 'ASSIGNMENT#' },
      }),
    );
    expect(history.Items?.map((record) => [record.fromAssigneeId, record.toAssigneeId, record.assignedBy])).toEqual([
      [undefined, 'am1', 'sales'],
      ['am1', 'am2', 'sales'],
    ]);
    const after = await repository.pipeline();
    expect(after.byStatus.unassigned.count).toBe(before.byStatus.unassigned.count - 1);
    expect(after.byStatus.assigned.count).toBe(before.byStatus.assigned.count + 1);
    expect(reassigned).toEqual(await repository.get(opportunity.id));
  });

  it('tells missing (404), final (409) and stale (412) apart from the item the condition saw, writing nothing', async () => {
    const open = await create();
    const lost = await loseOpportunity(deps, { caller: callers.sales, opportunityId: (await assign(await create(), 'am1')).id, input: { reason: 'x' }, expectedVersion: 2 });
    const guard = (expectedVersion: number): OpportunityGuard => ({ expectedVersion, statuses: ['unassigned', 'assigned'] });
    const actor = { username: 'sales', at: clockNow.toISOString() };

    await expect(repository.update(ids.next(), { successRate: 1 }, guard(1), actor)).rejects.toMatchObject({ code: ErrorCode.OpportunityNotFound });
    await expect(repository.update(lost.id, { successRate: 1 }, guard(lost.version), actor)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await expect(repository.update(open.id, { successRate: 1 }, guard(7), actor)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(repository.update(open.id, { successRate: 1 }, { ...guard(1), assigneeScope: 'am1' }, actor)).rejects.toMatchObject({
      code: ErrorCode.OpportunityNotFound,
    });
    expect((await raw(opportunityKeys.item(open.id)))?.version).toBe(1);
  });

  it('wins in one transaction: status, figures, and a customer exactly as the customers feature writes it, with its contact', async () => {
    const assigned = await assign(await create({ prospectName: '北京新能源汽车有限公司', source: 'referral' }), 'am1');

    const won = await win(assigned, { level: 'major', region: 'north-china' });

    const customerId = won.value.customerId!;
    const customer = await raw(customerKeys.item(customerId));
    const sk = `bjxnyqcyxgs#${customerId}`;
    expect(customer).toMatchObject({
      entity: 'Customer',
      name: '北京新能源汽车有限公司',
      ownerId: 'am1',
      ownerName: '李雷 Li Lei',
      level: 'major',
      region: 'north-china',
      source: 'referral',
      gsi1pk: 'OWNER#am1', gsi1sk: sk,
      gsi2pk: 'CUSTOMER', gsi3pk: 'CUSTOMER#LEVEL#major', gsi4pk: 'CUSTOMER#REGION#north-china', gsi5pk: 'CUSTOMER#STATUS#active',
    });
    expectSortIndexesInStep(customer);
    expect(await raw(customerKeys.uniqueNo(customer?.customerNo as string))).toMatchObject({ customerId });
    const customers = new DynamoDbCustomerRepository(client, tableName);
    expect(await customers.get(customerId)).toMatchObject({ id: customerId, ownerId: 'am1', version: 1 });
    const contacts = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CUSTOMER#CONTACT#' },
      }),
    );
    // The primary contact, as the contacts feature writes one: item, directory entry, pointer and counter.
    expect(contacts.Items).toEqual([expect.objectContaining({ entity: 'Contact', name: '刘洋 Liu Yang', mobile: '+86 139 1234 5678', customerId, version: 1 })]);
    const contactId = contacts.Items?.[0]?.id as string;
    expect(customer).toMatchObject({ primaryContactId: contactId, contactCount: 1 });
    expect(await raw({ pk: `CUSTOMER#${customerId}`, sk: 'CONTACTS' })).toMatchObject({ [contactId]: { name: '刘洋 Liu Yang' } });
    expect(await raw(opportunityKeys.item(assigned.id))).toMatchObject({ status: 'won', gsi5pk: 'OPPORTUNITY#STATUS#won', customerId, gsi4pk: `OPPORTUNITY#CUSTOMER#${customerId}`, version: 3 });
  });

  it('lets exactly one of several concurrent wins through and creates exactly one customer', async () => {
    const assigned = await assign(await create({ prospectName: `Race Prospect ${ids.next()}` }), 'am2');

    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => win(assigned)));

    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(succeeded).toHaveLength(1);
    // The others see the won opportunity (409), or lost the transaction race beyond the retries (→ 503 at the API).
    const explained = (error: unknown) =>
      (isDomainError(error) && error.code === ErrorCode.InvalidTransition) || (error as Error).name === 'TransactionCanceledException';
    expect(refused.filter((error) => !explained(error)).map((error) => `${(error as Error).name}: ${(error as Error).message}`)).toEqual([]);
    const customers = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :owner',
        FilterExpression: '#name = :name',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':owner': 'OWNER#am2', ':name': assigned.prospectName },
      }),
    );
    expect(customers.Items).toHaveLength(1);
  });

  it('refuses a win whose customer number is taken, and writes none of it', async () => {
    const first = await win(await assign(await create(), 'am1'), { customerNo: 'INT-OPP-0001' });
    const assigned = await assign(await create(), 'am1');

    // The rejection expectation attaches as the promise is made: no window for an unhandled rejection.
    await expect(win(assigned, { customerNo: 'INT-OPP-0001' })).rejects.toMatchObject({ code: ErrorCode.CustomerNoTaken });

    expect(first.value.status).toBe('won');
    expect(await raw(opportunityKeys.item(assigned.id))).toMatchObject({ status: 'assigned', version: 2 });
    expect((await raw(opportunityKeys.item(assigned.id)))?.customerId).toBeUndefined();
  });

  it('lists one index newest first, narrowed by a created-date range on the key and filters on the same Query', async () => {
    const source = `int-${ids.next().slice(-8).toLowerCase()}`;
    clockNow = new Date('2026-01-10T09:00:00.000Z');
    const january = await create({ source });
    clockNow = new Date('2026-02-10T09:00:00.000Z');
    const february = await assign(await create({ source }), 'am1');
    clockNow = new Date('2026-03-10T09:00:00.000Z');
    const march = await create({ source });
    clockNow = new Date('2026-11-22T08:00:00.000Z');

    const all = await repository.list({ source }, { limit: 25 });
    const range = await repository.list({ source, createdFrom: '2026-02-01', createdTo: '2026-03-10' }, { limit: 25 });
    const upTo = await repository.list({ source, createdTo: '2026-02-10T09:00:00.000Z' }, { limit: 25 });
    const assignedToAm1 = await repository.list({ source, assigneeId: 'am1' }, { limit: 25 });
    const unassigned = await repository.list({ source, status: 'unassigned' }, { limit: 25 });

    expect(all.items.map((item) => item.id)).toEqual([march.id, february.id, january.id]);
    expect(range.items.map((item) => item.id)).toEqual([march.id, february.id]);
    expect(upTo.items.map((item) => item.id)).toEqual([february.id, january.id]);
    expect(assignedToAm1.items.map((item) => item.id)).toEqual([february.id]);
    expect(unassigned.items.map((item) => item.id)).toEqual([march.id, january.id]);
  });

  it('pages the plan: the first page brings the opportunity with the first steps, later pages read it beside them', async () => {
    const assigned = await assign(await create(), 'am1');
    const guard: OpportunityGuard = { statuses: ['assigned'] };
    const stepIds: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const id = ids.next();
      stepIds.push(id);
      await repository.addStep(
        { id, opportunityId: assigned.id, plannedAt: `2026-12-0${index + 1}`, action: `Step ${index}`, version: 1, createdAt: clockNow.toISOString(), createdBy: 'am1', updatedAt: clockNow.toISOString(), updatedBy: 'am1' },
        guard,
      );
    }

    const seen: string[] = [];
    let startKey: Record<string, string | number> | undefined;
    let pages = 0;
    do {
      const page = await repository.listSteps(assigned.id, { limit: 3, ...(startKey ? { startKey } : {}) });
      expect(page.opportunity?.id).toBe(assigned.id);
      seen.push(...page.items.map((step) => step.id));
      startKey = page.lastKey;
      pages += 1;
    } while (startKey && pages < 10);

    expect(seen).toEqual(stepIds);
    expect(pages).toBeGreaterThanOrEqual(3);
    const { step } = await repository.getStep(assigned.id, stepIds[0]!);
    const recorded = await recordResult(repository, step!, 'Done', { statuses: ['assigned'], assigneeScope: 'am1' }, { username: 'am1', at: clockNow.toISOString() });
    expect(recorded).toMatchObject({ result: 'Done', version: 2 });
    await expect(
      recordResult(repository, step!, 'Again', { statuses: ['assigned'] }, { username: 'am1', at: clockNow.toISOString() }),
    ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(
      recordResult(repository, recorded, 'Not yours', { statuses: ['assigned'], assigneeScope: 'am2' }, { username: 'am2', at: clockNow.toISOString() }),
    ).rejects.toMatchObject({ code: ErrorCode.OpportunityNotFound });
  });

  describe('audit trail', () => {
    const audit = (type: 'opportunity' | 'plan-step' | 'customer' | 'contact', id: string) => auditEntriesOf(client, tableName, type, id);
    const at = () => clockNow.toISOString();

    it('records create, update and assignments with who, when and the old and new values, without a customer', async () => {
      // Prepare
      const opportunity = await create({ successRate: 40 });
      const actor = { username: 'sales', at: at() };

      // Act
      const updated = await repository.update(opportunity.id, { successRate: 60, summary: null }, { expectedVersion: 1, statuses: ['unassigned', 'assigned'] }, actor);
      const assigned = await assign(updated, 'am1');
      await assign(assigned, 'am2');

      // Assess
      const [creation, update, assignment, reassignment] = await audit('opportunity', opportunity.id);
      expect(creation).toMatchObject({ action: 'create', actor: 'sales', at: opportunity.createdAt, entityVersion: 1 });
      expect(changesOf(creation)).toMatchObject({ status: { new: 'unassigned' }, successRate: { new: 40 }, prospectName: { new: opportunity.prospectName } });
      expect(update).toMatchObject({ action: 'update', actor: 'sales', entityVersion: 2 });
      expect(changesOf(update)).toEqual({ successRate: { old: 40, new: 60 }, summary: { old: opportunity.summary } });
      expect(assignment).toMatchObject({ action: 'assign', entityVersion: 3 });
      expect(changesOf(assignment)).toMatchObject({ status: { old: 'unassigned', new: 'assigned' }, assigneeId: { new: 'am1' } });
      expect(changesOf(reassignment)).toMatchObject({ assigneeId: { old: 'am1', new: 'am2' } });
      expect(changesOf(reassignment)).not.toHaveProperty('status');
      expect([creation, update, assignment, reassignment].every((entry) => entry?.customerId === undefined)).toBe(true);
    });

    it('records a win as a transition, and the customer and contact it creates as creations under that customer', async () => {
      // Prepare
      const assigned = await assign(await create({ prospectName: `Audit Win ${ids.next()}` }), 'am1');

      // Act
      const won = await win(assigned, { level: 'major' });

      // Assess
      const customerId = won.value.customerId!;
      const transition = (await audit('opportunity', assigned.id)).at(-1);
      expect(transition).toMatchObject({ action: 'transition', actor: 'sales', at: at(), entityVersion: 3 });
      expect(changesOf(transition)).toEqual({
        status: { old: 'assigned', new: 'won' },
        customerId: { new: customerId },
        // The closing stage (issue 20): won at 100 %.
        stage: { old: 'initial-contact', new: 'won' },
        probability: { old: 10, new: 100 },
        closedAt: { new: at() },
        closedBy: { new: 'sales' },
      });
      const [customerEntry] = await audit('customer', customerId);
      expect(customerEntry).toMatchObject({ action: 'create', actor: 'sales', customerId, entityId: customerId, entityVersion: 1 });
      expect(changesOf(customerEntry)).toMatchObject({ name: { new: assigned.prospectName }, ownerId: { new: 'am1' }, level: { new: 'major' } });
      const contactId = changesOf(customerEntry).primaryContactId?.new as string;
      expect(await audit('contact', contactId)).toEqual([
        expect.objectContaining({ action: 'create', customerId, changes: expect.arrayContaining([{ field: 'name', new: '刘洋 Liu Yang' }]) }),
      ]);
    });

    it('records a loss as a transition with its reason as the note', async () => {
      // Prepare
      const assigned = await assign(await create(), 'am1');

      // Act
      await loseOpportunity(deps, { caller: callers.sales, opportunityId: assigned.id, input: { reason: 'price' }, expectedVersion: assigned.version });

      // Assess
      const transition = (await audit('opportunity', assigned.id)).at(-1);
      expect(transition).toMatchObject({ action: 'transition', note: 'price', entityVersion: 3 });
      expect(changesOf(transition)).toMatchObject({ status: { old: 'assigned', new: 'lost' }, lostReason: { new: 'price' } });
    });

    it('records a plan step\'s creation and its result', async () => {
      // Prepare
      const assigned = await assign(await create(), 'am1');
      const step = { id: ids.next(), opportunityId: assigned.id, plannedAt: '2026-12-01', action: 'Visit', version: 1, createdAt: at(), createdBy: 'am1', updatedAt: at(), updatedBy: 'am1' };
      await repository.addStep(step, { statuses: ['assigned'] });

      // Act
      await recordResult(repository, step, 'Signed a letter of intent', { statuses: ['assigned'] }, { username: 'am1', at: at() });

      // Assess
      const [creation, result] = await audit('plan-step', step.id);
      expect(creation).toMatchObject({ action: 'create', actor: 'am1', entityVersion: 1 });
      expect(changesOf(creation)).toMatchObject({ action: { new: 'Visit' }, opportunityId: { new: assigned.id } });
      expect(result).toMatchObject({ action: 'update', actor: 'am1', entityVersion: 2 });
      expect(changesOf(result)).toEqual({ result: { new: 'Signed a letter of intent' }, resultAt: { new: at() }, resultBy: { new: 'am1' } });
    });

    it('leaves no entry for refused writes (404, 409, 412, customer number taken) nor for a replayed win', async () => {
      // Prepare
      const open = await create();
      const assigned = await assign(await create(), 'am1');
      const customerNo = `AUD-${ids.next().slice(-8)}`;
      await win(await assign(await create({ prospectName: `Audit Refusals ${ids.next()}` }), 'am2'), { customerNo });
      const loser = await assign(await create(), 'am1');
      const planned = await assign(await create(), 'am1');
      const step = { id: ids.next(), opportunityId: planned.id, plannedAt: '2026-12-01', action: 'Call', version: 1, createdAt: at(), createdBy: 'am1', updatedAt: at(), updatedBy: 'am1' };
      await repository.addStep(step, { statuses: ['assigned'] });
      await recordResult(repository, step, 'Done', { statuses: ['assigned'] }, { username: 'am1', at: at() });
      const guard = (expectedVersion: number): OpportunityGuard => ({ expectedVersion, statuses: ['unassigned', 'assigned'] });
      const actor = { username: 'sales', at: at() };
      const claim = { username: 'sales', operationId: 'winOpportunity', key: ids.next(), fingerprint: 'f', expiresAt: Math.floor(Date.now() / 1000) + 3600 };
      const wonVersion = { expectedVersion: assigned.version, statuses: ['assigned'] as const };
      await repository.win(assigned, undefined, wonVersion, actor, claim);
      const entriesBefore = (await audit('opportunity', assigned.id)).length;

      // Act
      await expect(repository.update(open.id, { successRate: 1 }, guard(7), actor)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(repository.update(ids.next(), { successRate: 1 }, guard(1), actor)).rejects.toMatchObject({ code: ErrorCode.OpportunityNotFound });
      await expect(repository.assign(assigned, { assigneeId: 'am2', assigneeName: 'am2' }, { expectedVersion: assigned.version, statuses: ['unassigned', 'assigned'] }, actor)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
      await expect(win(loser, { customerNo })).rejects.toMatchObject({ code: ErrorCode.CustomerNoTaken });
      await expect(recordResult(repository, step, 'Again', { statuses: ['assigned'] }, actor)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      const replay = await repository.win(assigned, undefined, wonVersion, actor, claim);

      // Assess
      expect(replay.kind).toBe('replayed');
      expect(await audit('opportunity', open.id)).toHaveLength(1);
      expect(await audit('opportunity', assigned.id)).toHaveLength(entriesBefore);
      expect((await audit('plan-step', step.id)).map((entry) => entry.action)).toEqual(['create', 'update']);
      expect((await audit('opportunity', loser.id)).map((entry) => entry.action)).toEqual(['create', 'assign']);
    });
  });

  it('keeps the stored pipeline figures equal to a recount of every opportunity, whatever moves are made', async () => {
    const money = fc.option(fc.record({ amount: fc.integer({ min: 0, max: 1_000_000_000 }), currency: fc.constantFrom('CNY', 'USD') }), { nil: undefined });
    const command = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), amount: money }),
      fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), to: fc.constantFrom('am1', 'am2') }),
      fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), amount: fc.option(money, { nil: null }) }),
      fc.record({ kind: fc.constant('win' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('lose' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const created: string[] = [];
        for (const step of commands) {
          try {
            if (step.kind === 'create') {
              created.push((await create({ estimatedAmount: step.amount })).id);
              continue;
            }
            const id = created[step.pick % Math.max(created.length, 1)];
            const opportunity = id === undefined ? undefined : await repository.get(id);
            if (!opportunity) continue;
            const target = { opportunityId: opportunity.id, expectedVersion: opportunity.version };
            if (step.kind === 'assign') await assign(opportunity, step.to);
            if (step.kind === 'edit') await updateOpportunity(deps, { caller: callers.sales, ...target, changes: { estimatedAmount: step.amount } });
            if (step.kind === 'win') await win(opportunity);
            if (step.kind === 'lose') await loseOpportunity(deps, { caller: callers.sales, ...target, input: { reason: 'x' } });
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
        expect(await repository.pipeline()).toEqual(pipelineOf(await allOpportunities()));
      }),
      { numRuns: 12 },
    );
  });
});
