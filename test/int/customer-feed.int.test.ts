import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { CustomerFeedItem } from '#functions/customers/customer/customer.ports';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { TOMBSTONE_RETENTION_MS } from '#shared/customer-records/delta-sync';
import { createDocumentClient } from '#shared/db/client';
import { useLocalStack } from '#test/support/e2e';

/**
 * The customers' delta feed on DynamoDB Local: the tombstones written in the archive's and the transfer's own
 * transactions (none when the write is refused), the feed's one Query per scope, and the ordered list that skips
 * tombstones. Instants are in 2013, owners unique: other files share the table and its `CUSTOMER` partitions.
 */
describe('customer delta feed and tombstones on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(1713));
  const minute = (n: number) => new Date(Date.UTC(2013, 4, 5, 8, n)).toISOString();
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbCustomerRepository;
  let tableName: string;

  const newCustomer = (ownerId: string, at: string): Customer => {
    const id = ids.next();
    return {
      id, customerNo: `FEED-${id.slice(-8)}`, name: `Feed ${id}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId, tags: [],
      version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    };
  };
  const shown = (items: CustomerFeedItem[]) => items.map((item) => ('deleted' in item ? `-${item.id}:${item.reason}` : `${item.id}@v${item.version}`));
  const tombstoneItems = async (customerId: string) =>
    (await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TOMBSTONE#CUSTOMER#${customerId}` } }))).Items ?? [];

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbCustomerRepository(client, tableName);
  });
  afterAll(() => client.destroy());

  it('a transfer leaves a tombstone in the previous owner’s feed only, in the same transaction', async () => {
    // Prepare
    const [from, to] = [`feed-a-${ids.next()}`, `feed-b-${ids.next()}`];
    const customer = newCustomer(from, minute(0));
    await repository.create(customer);

    // Act
    await repository.transfer(customer.id, { ownerId: to, ownerName: to }, { expectedVersion: 1 }, { username: 'admin', at: minute(10) });

    // Assess
    const window = { since: minute(0), until: minute(20) };
    expect(shown((await repository.feed({ ownerId: from }, window, { limit: 10 })).items)).toEqual([`-${customer.id}:transferred`]);
    expect(shown((await repository.feed({ ownerId: to }, window, { limit: 10 })).items)).toEqual([`${customer.id}@v2`]);
    expect(shown((await repository.feed({}, window, { limit: 100 })).items).filter((entry) => entry.includes(customer.id))).toEqual([`${customer.id}@v2`]);
    const [stored] = await tombstoneItems(customer.id);
    expect(stored).toMatchObject({ entity: 'CustomerTombstone', ownerId: from, gsi8pk: `OWNER#${from}`, gsi8sk: `${minute(10)}#${customer.id}` });
    expect(stored).not.toHaveProperty('gsi11pk');
    expect(stored?.ttl).toBe((Date.parse(minute(10)) + TOMBSTONE_RETENTION_MS) / 1000);
    // The ordered list reads the same index and skips the tombstone.
    expect((await repository.list({ ownerId: from, sort: 'updatedAt' }, { limit: 10 })).items).toEqual([]);
  });

  it('an archive leaves a tombstone in the owner’s feed and everyone’s; the window bounds are [since, until)', async () => {
    // Prepare
    const owner = `feed-c-${ids.next()}`;
    const customer = newCustomer(owner, minute(30));
    await repository.create(customer);

    // Act
    await repository.archive(customer.id, { expectedVersion: 1 }, { username: 'admin', at: minute(40) });

    // Assess
    expect(shown((await repository.feed({ ownerId: owner }, { since: minute(30), until: minute(41) }, { limit: 10 })).items)).toEqual([`-${customer.id}:archived`]);
    const everyone = await repository.feed({}, { since: minute(40), until: minute(41) }, { limit: 100 });
    expect(shown(everyone.items)).toContain(`-${customer.id}:archived`);
    expect(shown((await repository.feed({ ownerId: owner }, { since: minute(30), until: minute(40) }, { limit: 10 })).items)).toEqual([]);
    expect(shown((await repository.feed({ ownerId: owner }, { since: minute(41), until: minute(50) }, { limit: 10 })).items)).toEqual([]);
  });

  it('a refused transfer or archive writes no tombstone', async () => {
    // Prepare
    const owner = `feed-d-${ids.next()}`;
    const customer = newCustomer(owner, minute(50));
    await repository.create(customer);

    // Act
    const transfer = await repository.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane' }, { expectedVersion: 7 }, { username: 'admin', at: minute(51) }).catch((error: unknown) => error);
    const archive = await repository.archive(customer.id, { expectedVersion: 7 }, { username: 'admin', at: minute(52) }).catch((error: unknown) => error);

    // Assess
    expect(transfer).toMatchObject({ code: ErrorCode.VersionConflict });
    expect(archive).toMatchObject({ code: ErrorCode.VersionConflict });
    expect(await tombstoneItems(customer.id)).toEqual([]);
    expect(shown((await repository.feed({ ownerId: owner }, { since: minute(50), until: minute(59) }, { limit: 10 })).items)).toEqual([`${customer.id}@v1`]);
  });

  it('pages through an owner’s feed in change order', async () => {
    // Prepare
    const owner = `feed-e-${ids.next()}`;
    const made = [newCustomer(owner, minute(3)), newCustomer(owner, minute(1)), newCustomer(owner, minute(2))];
    for (const customer of made) await repository.create(customer);

    // Act
    const first = await repository.feed({ ownerId: owner }, { since: minute(0), until: minute(9) }, { limit: 2 });
    const second = await repository.feed({ ownerId: owner }, { since: minute(0), until: minute(9) }, { limit: 2, startKey: first.lastKey! });

    // Assess
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual([made[1]!.id, made[2]!.id, made[0]!.id]);
    expect(second.lastKey).toBeUndefined();
  });
});
