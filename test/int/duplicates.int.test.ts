import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { duplicateKeys } from '#shared/duplicates/duplicate.keys';
import { recordingReadGuard } from '#test/fakes/fake-read-guard';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { callers } from '#test/fakes/customer-test-kit';
import { useLocalStack } from '#test/support/e2e';

/** The duplicate index on DynamoDB Local: keys claimed in the customer's own transaction, races decided by it. */
describe('duplicate index on DynamoDB Local', () => {
  const ids = ulidGenerator();
  const actor = { username: 'admin', at: '2026-11-22T08:00:00.000Z' };
  let client: ReturnType<typeof createDocumentClient>;
  let customers: DynamoDbCustomerRepository;
  let deps: CustomerDependencies;
  let tableName: string;

  const uniqueName = () => `Dup ${randomUUID().slice(0, 8)}`;
  const newCustomer = (overrides: Partial<Customer> = {}): Customer => {
    const id = ids.next();
    return {
      id, customerNo: `DUP-${id.slice(-8)}`, name: uniqueName(), level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'Li Lei',
      tags: [], version: 1, createdAt: actor.at, createdBy: 'admin', updatedAt: actor.at, updatedBy: 'admin', type: 'customer', kind: 'company', ...overrides,
    };
  };
  const membersOf = async (rule: 'name' | 'phone' | 'domain' | 'tax', value: string): Promise<string[]> => {
    const found = await client.send(new GetCommand({ TableName: tableName, Key: duplicateKeys.key(rule, value), ConsistentRead: true }));
    return [...((found.Item?.members as Set<string> | undefined) ?? [])].sort();
  };

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    customers = new DynamoDbCustomerRepository(client, tableName);
    deps = {
      customers,
      duplicates: new DynamoDbDuplicateFinder(client, tableName),
      directory: fakeUserDirectory(DEMO_DIRECTORY),
      clock: systemClock,
      ids: ulidGenerator(),
      readGuard: recordingReadGuard().guard,
    };
  });
  afterAll(() => client.destroy());

  it('files the keys in the create transaction, and a refused duplicate writes nothing', async () => {
    // Prepare
    const base = uniqueName();
    const customer = newCustomer({ name: `${base} Co., Ltd.`, phone: '+86 10 6552 9988', email: `buyer@${base.replace(' ', '-').toLowerCase()}.cn` });
    const twin = newCustomer({ name: `${base} Inc.` });

    // Act
    await customers.create(customer, undefined, { allow: false });
    const refused = await customers.create(twin, undefined, { allow: false }).catch((error: unknown) => error);

    // Assess
    expect(await membersOf('name', base.replace(' ', '').toLowerCase())).toEqual([customer.id]);
    expect(await membersOf('domain', `${base.replace(' ', '-').toLowerCase()}.cn`)).toEqual([customer.id]);
    expect(refused).toMatchObject({ code: 'PossibleDuplicate' });
    expect(await customers.get(twin.id)).toBeUndefined();
  });

  it('lets at most one of five parallel creates of one normalised name through; the others answer 409 naming it', async () => {
    // Prepare
    const base = uniqueName();
    const names = [`${base}有限公司`, `${base} 集团`, `  ${base.toUpperCase()}`, `${base}股份有限公司`, `${base}`];

    // Act
    const outcomes = await Promise.allSettled(names.map((name) => createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name } })));

    // Assess: exactly one created (the decision documented in docs/data-model.md, "Duplicate index")
    const created = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.customer] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { code: string; details: { extensions: { candidates: { id: string }[] } } }] : []));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(4);
    for (const error of refused) {
      expect(error.code).toBe('PossibleDuplicate');
      expect(error.details.extensions.candidates.map((candidate) => candidate.id)).toEqual([created[0]!.id]);
    }
  });

  it('moves the name key on a rename and frees every key on archive', async () => {
    // Prepare
    const customer = newCustomer({ nationalTaxNo: `91${Date.now()}X` });
    await customers.create(customer, undefined, { allow: false });
    const renamed = uniqueName();

    // Act
    await customers.update(customer.id, { name: renamed }, { expectedVersion: 1 }, actor, undefined, { allow: false });
    const afterRename = [await membersOf('name', customer.name.replace(' ', '').toLowerCase()), await membersOf('name', renamed.replace(' ', '').toLowerCase())];
    await customers.archive(customer.id, { expectedVersion: 2 }, actor);

    // Assess
    expect(afterRename).toEqual([[], [customer.id]]);
    expect(await membersOf('name', renamed.replace(' ', '').toLowerCase())).toEqual([]);
    expect(await membersOf('tax', customer.nationalTaxNo!.toUpperCase())).toEqual([]);
  });

  it('records an allowed duplicate as an open pair on its index', async () => {
    // Prepare
    const name = uniqueName();
    const first = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name } })).customer;

    // Act
    const second = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: `${name} Ltd` }, allowDuplicate: true })).customer;

    // Assess
    const pairId = [first.id, second.id].sort().join('-');
    const pair = await client.send(new GetCommand({ TableName: tableName, Key: duplicateKeys.pair(pairId) }));
    expect(pair.Item).toMatchObject({ pairId, customerIds: [first.id, second.id].sort(), rules: ['name'], status: 'open', gsi1pk: 'DUPPAIRS#open' });
    const open = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :at)',
        ExpressionAttributeValues: { ':pk': 'DUPPAIRS#open', ':at': String(pair.Item?.detectedAt) },
      }),
    );
    expect(open.Items?.map((item) => item.pairId)).toContain(pairId);
  });
});
