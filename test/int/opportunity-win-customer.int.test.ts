import { builtInStages } from '#functions/opportunities/opportunity/stages';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#local/bootstrap-table';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import type { OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';
import type { CreateOpportunityInput, Opportunity } from '#functions/opportunities/opportunity/opportunity.schema';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { customFieldEntity } from '#shared/custom-fields/custom-field.entity';
import { DynamoDbCustomFieldSource } from '#shared/custom-fields/custom-field-definitions.repository';
import { createDocumentClient } from '#shared/db/client';
import { duplicateKeys, pairIdOf } from '#shared/duplicates/duplicate.keys';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { callers, newOpportunityInput } from '#test/fakes/opportunity-test-kit';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/**
 * The customer a won opportunity creates keeps the invariants of POST /v1/customers on DynamoDB Local: its duplicate
 * keys are claimed in the win's transaction (a match → 409 with the candidates, nothing written; allowDuplicate →
 * won, the pair recorded), and a required customer custom field must be given (400 naming it, nothing written).
 * A table of its own: the required field defined here touches no other file's customers.
 */
describe('winning an opportunity on DynamoDB Local: duplicate keys and required custom fields', () => {
  const tableName = `crm-win-customer-${randomBytes(4).toString('hex')}`;
  const ids = ulidGenerator(seededRandom(31));
  const at = '2026-11-22T08:00:00.000Z';
  let admin: ReturnType<typeof ddbClient>;
  let client: ReturnType<typeof createDocumentClient>;
  let deps: OpportunityDependencies;

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
  const assigned = async (prospectName: string): Promise<Opportunity> => {
    const created = (await createOpportunity(deps, { caller: callers.sales, input: newOpportunityInput({ prospectName }) as CreateOpportunityInput })).value;
    return assignOpportunity(deps, { caller: callers.sales, opportunityId: created.id, input: { assigneeId: 'am1' }, expectedVersion: created.version });
  };
  const win = (opportunity: Opportunity, extra: { input?: Record<string, unknown>; allowDuplicate?: boolean } = {}) =>
    winOpportunity(deps, { caller: callers.sales, opportunityId: opportunity.id, input: extra.input ?? {}, expectedVersion: opportunity.version, ...(extra.allowDuplicate ? { allowDuplicate: true } : {}) });
  const refusalOf = async (promise: Promise<unknown>): Promise<DomainError> => {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };
  const customersNamed = async (ownerId: string) =>
    (
      await client.send(
        new QueryCommand({ TableName: tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :owner', ExpressionAttributeValues: { ':owner': `OWNER#${ownerId}` } }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    const info = useLocalStack();
    admin = ddbClient();
    await ensureTable(admin, tableName);
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    deps = {
      opportunities: new DynamoDbOpportunityRepository(client, tableName),
      directory: fakeUserDirectory(DEMO_DIRECTORY),
      clock: { now: () => new Date(at) },
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

  it('refuses a prospect matching a customer created by the customers feature with 409 and the candidate, then wins with allowDuplicate and records the pair', async () => {
    // Prepare: 「杭州远景纺织」 created as POST /v1/customers writes it (keys claimed); the prospect is 「杭州远景纺织有限公司」.
    const existing: Customer = {
      id: ids.next(), customerNo: 'C261122-DUP01', name: '杭州远景纺织', level: 'ordinary', status: 'active', ownerId: 'am2', ownerName: '韩梅梅 Han Meimei',
      tags: [], type: 'customer', kind: 'company', version: 1, createdAt: at, createdBy: 'sales', updatedAt: at, updatedBy: 'sales',
    };
    await new DynamoDbCustomerRepository(client, tableName).create(existing, undefined, { allow: false });
    const opportunity = await assigned('杭州远景纺织有限公司');

    // Act
    const refusal = await refusalOf(win(opportunity));

    // Assess: the candidate named, nothing written (the opportunity unchanged, no customer for am1).
    expect(refusal.code).toBe(ErrorCode.PossibleDuplicate);
    expect(refusal.details.extensions).toEqual({
      candidates: [{ id: existing.id, customerNo: existing.customerNo, name: existing.name, ownerId: 'am2', ownerName: existing.ownerName, matchedBy: ['name'] }],
      hiddenCandidates: 0,
    });
    expect(await raw(opportunityKeys.item(opportunity.id))).toMatchObject({ status: 'assigned', version: opportunity.version });
    expect(await customersNamed('am1')).toEqual([]);

    // Act: again, allowing the duplicate.
    const won = await win(opportunity, { allowDuplicate: true });

    // Assess: won; both customers hold the name key; the pair is open.
    expect(won.value.status).toBe('won');
    const customerId = won.value.customerId!;
    expect(await raw(customerKeys.item(customerId))).toMatchObject({ name: '杭州远景纺织有限公司', ownerId: 'am1' });
    expect((await raw(duplicateKeys.key('name', '杭州远景纺织')))?.members).toEqual(new Set([existing.id, customerId]));
    expect(await raw(duplicateKeys.pair(pairIdOf(customerId, existing.id)))).toMatchObject({ status: 'open', customerIds: [existing.id, customerId].sort(), rules: ['name'] });
  });

  it('files a won customer under its keys: a second win of the same prospect is refused naming the first', async () => {
    // Prepare
    const first = await win(await assigned('Lakeside Ceramics Co., Ltd.'));
    const second = await assigned('Lakeside Ceramics');

    // Act
    const refusal = await refusalOf(win(second));

    // Assess
    expect(refusal.code).toBe(ErrorCode.PossibleDuplicate);
    expect((refusal.details.extensions?.candidates as { id: string }[]).map((candidate) => candidate.id)).toEqual([first.value.customerId]);
  });

  it('refuses a win missing a required customer custom field with 400 naming it, writing nothing; with it the customer carries the value', async () => {
    // Prepare: a required active customer field.
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: customFieldEntity.toItem({
          id: ids.next(), entityType: 'customer', key: 'creditCode', label: '信用等级', type: 'text', required: true, active: true, order: 1,
          version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
        }),
      }),
    );
    const opportunity = await assigned('宁波港湾物流有限公司');

    // Act
    const refusal = await refusalOf(win(opportunity));

    // Assess
    expect(refusal.code).toBe(ErrorCode.ValidationFailed);
    expect(refusal.details.errors?.map((error) => error.path)).toEqual(['body.custom.creditCode']);
    expect(await raw(opportunityKeys.item(opportunity.id))).toMatchObject({ status: 'assigned', version: opportunity.version });
    expect(await raw(duplicateKeys.key('name', '宁波港湾物流'))).toBeUndefined();

    // Act: with the value.
    const won = await win(opportunity, { input: { custom: { creditCode: 'AA' } } });

    // Assess
    expect(await raw(customerKeys.item(won.value.customerId!))).toMatchObject({ custom: { creditCode: 'AA' } });
  });
});
