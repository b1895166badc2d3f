import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { backfillSortIndexes } from '#functions/jobs/sort-index-backfill';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { CUSTOMER_SORT_INDEX_ATTRIBUTES } from '#shared/customer-records/customer-sort-indexes';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { useLocalStack } from '#test/support/e2e';
import { expectOffSortIndexes, expectSortIndexesInStep } from '#test/support/customer-sort-indexes';

/** The gsi7–gsi12 backfill on DynamoDB Local: customers stored before the ordered lists get their attributes, once. */
describe('sort index backfill on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(7_12));
  const owner = `sortfill-${ids.next()}`;
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbCustomerRepository;
  let tableName: string;

  const customer = (lastOrderAt?: string): Customer => {
    const id = ids.next();
    return {
      id, customerNo: `SIB-${id.slice(-8)}`, name: `Backfill ${id}`, level: 'ordinary', status: 'active', ownerId: owner, ownerName: owner, tags: [],
      version: 1, createdAt: '2025-01-02T03:04:05.000Z', createdBy: 'admin', updatedAt: '2025-02-03T04:05:06.000Z', updatedBy: 'admin',
      ...(lastOrderAt ? { lastOrderAt } : {}),
    };
  };
  /** As a customer written before gsi7–gsi12 existed: none of their attributes. */
  const stripSortIndexes = (customerId: string) =>
    client.send(new UpdateCommand({
      TableName: tableName,
      Key: customerKeys.item(customerId),
      UpdateExpression: `REMOVE ${CUSTOMER_SORT_INDEX_ATTRIBUTES.map((_, n) => `#a${n}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(CUSTOMER_SORT_INDEX_ATTRIBUTES.map((attribute, n) => [`#a${n}`, attribute])),
    }));
  const raw = async (customerId: string) => (await client.send(new GetCommand({ TableName: tableName, Key: customerKeys.item(customerId) }))).Item;

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbCustomerRepository(client, tableName);
  });
  afterAll(() => client.destroy());

  it('sets the ordered lists’ attributes of old customers from their fields, writes nothing on a re-run, leaves archived ones off', async () => {
    // Prepare
    const [ordered, never, current, archived] = [customer('2025-03-01T00:00:00.000Z'), customer(), customer(), customer()];
    for (const made of [ordered, never, current, archived]) await repository.create(made);
    for (const old of [ordered, never]) await stripSortIndexes(old.id);
    await repository.archive(archived.id, { expectedVersion: 1 }, { username: 'admin', at: '2025-04-01T00:00:00.000Z' });
    const listedBefore = await repository.list({ ownerId: owner, sort: 'createdAt' }, { limit: 10 });

    // Act
    const first = await backfillSortIndexes(client, tableName, { ownerId: owner, pageSize: 2 });
    const second = await backfillSortIndexes(client, tableName, { ownerId: owner });

    // Assess
    expect(listedBefore.items.map((item) => item.id)).toEqual([current.id]);
    expect(first).toEqual({ customers: 3, updated: 2, retried: 0, skipped: 0 });
    expect(second).toEqual({ customers: 3, updated: 0, retried: 0, skipped: 0 });
    for (const made of [ordered, never, current]) expectSortIndexesInStep(await raw(made.id));
    expectOffSortIndexes(await raw(archived.id));
    expect((await raw(ordered.id))?.version).toBe(1);
    const listedAfter = await repository.list({ ownerId: owner, sort: 'lastOrderAt' }, { limit: 10 });
    expect(listedAfter.items.map((item) => item.id).at(-1)).toBe(ordered.id);
  });
});
