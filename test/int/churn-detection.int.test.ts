import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { detectChurn, warningRecordFor } from '#functions/jobs/churn-detection.use-case';
import { DynamoDbChurnWatchRepository } from '#functions/jobs/churn-watch.repository';
import { ensureTable } from '#local/bootstrap-table';
import { localDynamoDbClient } from '#local/local-aws';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { CHURN_WATCH_SHARDS, churnAggregateKeys, churnKeys, churnShardOf } from '#shared/churn/churn.keys';
import { churnOnOrderPlaced } from '#shared/churn/churn.writes';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { churnReminderOf } from '#shared/reminders/reminder-sources';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { useLocalStack, useScratchDynamoDb } from '#test/support/e2e';
import { DynamoDbRequestCounter } from '../../bench/lib/dynamodb-request-counter';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/**
 * The daily churn job on DynamoDB Local, on a table of its own (the job's range Query would otherwise see every
 * customer the other test files create). Time is pinned: the job runs "as of" 2026-11-22T02:30Z, so the threshold
 * (6 months) is 2026-05-22T02:30Z.
 */
// A table of its own is created late in the run, in a DynamoDB Local that already holds the other files' data: there its
// writes were measured 3–13 times slower than in a fresh instance (20k items elsewhere: 50 Puts 365 → 1,099 ms), and in a
// whole-suite run under load these tests took 20 times as long as alone. The generous timeout keeps that slowness from
// failing them; what they assert does not depend on time.
describe('churn detection on DynamoDB Local', { timeout: 240_000 }, () => {
  const AS_OF = new Date('2026-11-22T02:30:00.000Z');
  const ids = ulidGenerator(seededRandom(66));
  const counter = new DynamoDbRequestCounter();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let customers: DynamoDbCustomerRepository;
  let watch: DynamoDbChurnWatchRepository;

  const run = (asOf = AS_OF, pageSize = 100) => detectChurn({ watch, clock: { now: () => asOf }, settings: { thresholdMonths: 6, pageSize } });

  const customer = async (label: string, fields: Partial<Customer> & { createdAt: string }): Promise<Customer> => {
    const id = ids.next();
    const value: Customer = {
      id,
      customerNo: `CH-${id.slice(-8)}`,
      name: `Churn ${label}`,
      level: 'ordinary',
      status: 'active',
      ownerId: 'am1',
      ownerName: 'Li Lei',
      tags: [],
      version: 1,
      createdBy: 'admin',
      updatedAt: fields.createdAt,
      updatedBy: 'admin',
      ...fields,
    };
    await customers.create(value);
    return value;
  };
  const item = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  /** A new order as the order path records it on the customer (the orders transaction's customer part). */
  const placeOrder = async (customerId: string, orderedAt: string, at: string) => {
    const current = (await item(customerKeys.item(customerId)))!;
    const churn = churnOnOrderPlaced(
      tableName,
      { id: customerId, status: String(current.status), lastOrderAt: current.lastOrderAt as string | undefined, churnStatus: current.churnStatus as string | undefined },
      { id: ids.next(), orderedAt, at, by: 'am1' },
    );
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          conditionalUpdate(
            tableName,
            customerKeys.item(customerId),
            buildUpdateExpression({ set: { lastOrderAt: orderedAt, ...churn.plan.set }, copy: churn.plan.copy }),
            churn.condition,
          ),
          ...churn.items,
        ],
      }),
    );
  };

  let atRisk: Customer[];
  let safe: Customer[];

  beforeAll(async () => {
    const info = useLocalStack();
    tableName = `crm-churn-${randomBytes(4).toString('hex')}`;
    const admin = localDynamoDbClient(info.dynamodbEndpoint);
    await ensureTable(admin, tableName);
    admin.destroy();
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    counter.attach(client, { returnConsumedCapacity: false });
    customers = new DynamoDbCustomerRepository(client, tableName);
    watch = new DynamoDbChurnWatchRepository(client, tableName);

    // Prepare — the seeded data set.
    atRisk = [
      await customer('never ordered, created 2025', { createdAt: '2025-03-01T00:00:00.000Z' }),
      await customer('last order 7 months ago', { createdAt: '2024-01-01T00:00:00.000Z', lastOrderAt: '2026-04-20T00:00:00.000Z' }),
      await customer('last order a millisecond too old', { createdAt: '2024-01-01T00:00:00.000Z', lastOrderAt: '2026-05-22T02:29:59.999Z' }),
      await customer('last order 3 years ago', { createdAt: '2020-01-01T00:00:00.000Z', lastOrderAt: '2023-11-01T00:00:00.000Z', ownerId: 'am2' }),
    ];
    safe = [
      await customer('last order exactly at the threshold', { createdAt: '2024-01-01T00:00:00.000Z', lastOrderAt: '2026-05-22T02:30:00.000Z' }),
      await customer('ordered last month', { createdAt: '2020-01-01T00:00:00.000Z', lastOrderAt: '2026-10-15T00:00:00.000Z' }),
      await customer('new, never ordered', { createdAt: '2026-09-01T00:00:00.000Z' }),
      await customer('inactive, old', { createdAt: '2020-01-01T00:00:00.000Z', status: 'inactive' }),
    ];
    const archived = await customer('archived, old', { createdAt: '2020-01-01T00:00:00.000Z' });
    await customers.archive(archived.id, { expectedVersion: 1 }, { username: 'admin', at: '2026-01-01T00:00:00.000Z' });
    safe.push(archived);
  });
  afterAll(async () => {
    const info = useLocalStack();
    const admin = localDynamoDbClient(info.dynamodbEndpoint);
    await admin.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    admin.destroy();
    client.destroy();
  });

  it('opens a warning for exactly the customers who stopped ordering, with one Query per shard and one transaction each', async () => {
    // Act
    counter.reset();
    const result = await run();
    const requests = counter.snapshot().commands;

    // Assess
    expect([...result.opened].sort()).toEqual(atRisk.map((c) => c.id).sort());
    expect(result).toMatchObject({ examined: atRisk.length, skipped: 0, leftWatch: 0, failed: [], queries: CHURN_WATCH_SHARDS });
    expect(requests).toEqual({ Query: CHURN_WATCH_SHARDS, TransactWriteItems: atRisk.length });
    for (const c of atRisk) {
      const record = await item(churnKeys.record(c.id));
      const stored = await item(customerKeys.item(c.id));
      expect(record).toMatchObject({ status: 'warning', customerId: c.id, ownerId: c.ownerId, openedAt: AS_OF.toISOString(), version: 1 });
      expect(record?.watchSince).toBe(c.lastOrderAt ?? c.createdAt);
      expect(stored).toMatchObject({ churnStatus: 'warning', version: 1 });
      expect(stored).not.toHaveProperty('gsi6pk');
      // The owner's reminder, written in the same transaction, a minute after the warning opens.
      expect(await item(reminderEntity.keyOf(churnReminderOf({ customerId: c.id, customerName: c.name, ownerId: c.ownerId, openedAt: AS_OF.toISOString() })))).toMatchObject({
        kind: 'churn', recipientId: c.ownerId, sourceId: c.id, remindAt: '2026-11-22T02:31:00.000Z', path: `/v1/lost-customers/${c.id}`,
      });
    }
    for (const c of safe) expect(await item(churnKeys.record(c.id))).toBeUndefined();
  });

  it('counts the warnings in the churn aggregates of the month', async () => {
    // Act
    const { Items: aggregates = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
        ExpressionAttributeValues: { ':pk': churnAggregateKeys.partition, ':month': 'MONTH#2026-11#EVENTS#' },
      }),
    );

    // Assess
    expect(aggregates.reduce((sum, aggregate) => sum + Number(aggregate.warned ?? 0), 0)).toBe(atRisk.length);
  });

  it('opens nothing twice: a second run reads only empty ranges', async () => {
    // Act
    counter.reset();
    const again = await run();

    // Assess
    expect(again).toMatchObject({ opened: [], examined: 0, queries: CHURN_WATCH_SHARDS });
    expect(counter.snapshot().commands).toEqual({ Query: CHURN_WATCH_SHARDS });
  });

  it('opens each customer exactly once when two runs race', async () => {
    // Prepare
    const batch: Customer[] = [];
    for (let index = 0; index < 12; index += 1) batch.push(await customer(`race ${index}`, { createdAt: '2025-01-01T00:00:00.000Z' }));

    // Act
    const [first, second] = await Promise.all([run(), run()]);

    // Assess
    const opened = [...first.opened, ...second.opened];
    expect(opened.sort()).toEqual(batch.map((c) => c.id).sort());
    expect(first.failed).toEqual([]);
    expect(second.failed).toEqual([]);
  });

  it('reads page after page of a large at-risk set, each page one Query', async () => {
    // Prepare — 30 more at risk, pages of 4.
    const batch: Customer[] = [];
    for (let index = 0; index < 30; index += 1) batch.push(await customer(`paged ${index}`, { createdAt: '2025-02-01T00:00:00.000Z' }));

    // Act
    const result = await run(AS_OF, 4);

    // Assess
    expect([...result.opened].sort()).toEqual(batch.map((c) => c.id).sort());
    const perShard = Array.from({ length: CHURN_WATCH_SHARDS }, (_, shard) => batch.filter((c) => churnShardOf(c.id) === shard).length);
    // ⌈n/4⌉ pages per shard, plus one empty page when n is a multiple of 4 (DynamoDB returns a LastEvaluatedKey then).
    expect(result.queries).toBeGreaterThanOrEqual(perShard.reduce((sum, n) => sum + Math.max(1, Math.ceil(n / 4)), 0));
    expect(result.queries).toBeLessThanOrEqual(perShard.reduce((sum, n) => sum + Math.floor(n / 4) + 1, 0));
  });

  it('recovers a customer in warning on a new order, and warns it again — as a new episode — once it stops ordering again', async () => {
    // Prepare
    const target = atRisk[0]!;

    // Act — an order on 2026-11-25 closes the record as recovered and puts the customer back on the watch.
    await placeOrder(target.id, '2026-11-25T09:00:00.000Z', '2026-11-25T09:00:00.000Z');
    const recovered = await item(churnKeys.record(target.id));
    const afterOrder = await item(customerKeys.item(target.id));
    const sixMonthsLater = await run(new Date('2027-05-25T09:00:00.000Z'));
    const laterStill = await run(new Date('2027-05-26T00:00:00.000Z'));

    // Assess
    expect(recovered).toMatchObject({ status: 'recovered', recoveredAt: '2026-11-25T09:00:00.000Z', version: 2 });
    expect(afterOrder).toMatchObject({ churnStatus: 'recovered', gsi6sk: `2026-11-25T09:00:00.000Z#${target.id}` });
    expect(sixMonthsLater.opened).not.toContain(target.id);
    expect(laterStill.opened).toContain(target.id);
    expect(await item(churnKeys.record(target.id))).toMatchObject({ status: 'warning', version: 3, watchSince: '2026-11-25T09:00:00.000Z' });
    expect(await item(churnKeys.episode(target.id, AS_OF.toISOString()))).toMatchObject({ status: 'recovered', version: 2 });
  });

  it('takes a reactivated customer that is still under an open record out of the watch instead of opening another', async () => {
    // Prepare — an at-risk customer (record open) goes inactive and active again: reactivation puts it back on the watch.
    const target = atRisk[1]!;
    await customers.update(target.id, { status: 'inactive' }, { expectedVersion: 1 }, { username: 'sales', at: '2026-11-23T00:00:00.000Z' });
    await customers.update(target.id, { status: 'active' }, { expectedVersion: 2 }, { username: 'sales', at: '2026-11-23T00:00:01.000Z' });
    const reactivated = await item(customerKeys.item(target.id));

    // Act
    const result = await run(new Date('2026-11-24T00:00:00.000Z'));

    // Assess
    expect(reactivated).toMatchObject({ gsi6sk: `${target.lastOrderAt}#${target.id}`, churnStatus: 'warning' });
    expect(result.opened).toEqual([]);
    expect(result.leftWatch).toBe(1);
    expect(await item(customerKeys.item(target.id))).not.toHaveProperty('gsi6pk');
    expect(await item(churnKeys.record(target.id))).toMatchObject({ status: 'warning', version: 1 });
  });

  it('skips a customer whose order arrived between the Query and the write (the write is conditional on the key read)', async () => {
    // Prepare — read the at-risk page, then an order moves the customer's watch key.
    const target = await customer('orders at the last moment', { createdAt: '2025-01-01T00:00:00.000Z' });
    const page = await watch.atRisk(churnShardOf(target.id), '2026-05-22T02:30:00.000Z', { limit: 100 });
    const seen = page.items.find((c) => c.id === target.id)!;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: customerKeys.item(target.id),
        UpdateExpression: 'SET gsi6sk = :key, churnWatchKey = :key, lastOrderAt = :at',
        ExpressionAttributeValues: { ':key': `2026-11-21T00:00:00.000Z#${target.id}`, ':at': '2026-11-21T00:00:00.000Z' },
      }),
    );

    // Act
    const outcome = await watch.openWarning(seen, warningRecordFor(seen, AS_OF.toISOString(), 6));

    // Assess
    expect(outcome).toBe('skipped');
    expect(await item(churnKeys.record(target.id))).toBeUndefined();
  });
});
