import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { backfillReceivables } from '#functions/jobs/receivables-backfill';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { overdueReminderOf } from '#shared/dunning/dunning';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { aggregateKeys, orderKeys } from '#shared/keys/orders.keys';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { useLocalStack } from '#test/support/e2e';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const admin = { username: 'admin', scope: 'all' } as const;
const DAY = 86_400_000;

/** `npm run backfill:receivables` on DynamoDB Local: pre-terms orders dated and indexed, stale receivables re-indexed. */
describe('the receivables back-fill', () => {
  const ids = ulidGenerator();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let orders: OrdersDependencies;
  let customers: DynamoDbCustomerRepository;

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const newCustomer = async (ownerId: string) => {
    const id = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id, customerNo: `INT-B-${id.slice(-10)}`, name: `Backfill ${id}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId,
      tags: [], address: '上海市浦东新区 1 号', paymentTermsDays: 10, version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    });
    return id;
  };
  const newOrder = async (customerId: string, orderedAt: string) => {
    const product = (await createProduct(orders, { caller: admin, input: { code: `INT-${ids.next().slice(-10)}`, name: `Widget ${ids.next()}`, unit: 'pcs', unitPrice: cny(100_00), active: true, stockOnHand: 10 } })).value;
    return (await createOrder(orders, { caller: admin, customerId, input: { orderedAt, lines: [{ productId: product.id, quantity: 1 }] } })).value;
  };
  /** Makes a placed order look like one placed before payment terms: no terms, no due date, no receivable, no reminder. */
  const asBeforeTerms = async (order: Awaited<ReturnType<typeof newOrder>>, ownerId: string) => {
    await client.send(new UpdateCommand({ TableName: tableName, Key: orderKeys.item(order.id), UpdateExpression: 'REMOVE paymentTermsDays, dueAt' }));
    await client.send(new DeleteCommand({ TableName: tableName, Key: receivableKeys.item(order.id) }));
    await client.send(new DeleteCommand({ TableName: tableName, Key: reminderEntity.keyOf(overdueReminderOf(order, ownerId)!) }));
    await client.send(new UpdateCommand({ TableName: tableName, Key: aggregateKeys.receivables(order.customerId), UpdateExpression: 'REMOVE #due', ExpressionAttributeNames: { '#due': `dueD${order.dueAt!.slice(0, 10).replaceAll('-', '')}` } }));
  };

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    customers = new DynamoDbCustomerRepository(client, tableName);
    orders = {
      products: new DynamoDbProductRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids,
    };
  });
  afterAll(() => client.destroy());

  it('dates open pre-terms orders (terms, due date, receivable, dueD, audit; a reminder only if not yet due), re-indexes stale receivables, and a re-run writes nothing', async () => {
    // Prepare: an old order (overdue once dated) and a recent one, both made pre-terms; a third order's receivable
    // left under a previous owner without the by-customer index (a transfer whose move did not finish).
    const owner = `am-${ids.next()}`;
    const customerId = await newCustomer(owner);
    const old = await newOrder(customerId, new Date(Date.now() - 40 * DAY).toISOString());
    const recent = await newOrder(customerId, new Date().toISOString());
    const stale = await newOrder(customerId, new Date().toISOString());
    await asBeforeTerms(old, owner);
    await asBeforeTerms(recent, owner);
    await client.send(new UpdateCommand({
      TableName: tableName, Key: receivableKeys.item(stale.id), UpdateExpression: 'SET ownerId = :old, gsi1pk = :oldPk REMOVE gsi3pk, gsi3sk',
      ExpressionAttributeValues: { ':old': 'am-previous', ':oldPk': 'RECEIVABLE#OWNER#am-previous' },
    }));

    // Act
    const first = await backfillReceivables(client, tableName, { ownerId: owner });
    const again = await backfillReceivables(client, tableName, { ownerId: owner });

    // Assess
    const oldOrder = await raw(orderKeys.item(old.id));
    const recentDue = new Date(Date.parse(recent.orderedAt) + 10 * DAY).toISOString();
    expect(first).toMatchObject({ customers: 1, openOrders: 3, dated: 2, reminded: 1 });
    expect(first.reindexed).toBeGreaterThanOrEqual(1);
    expect(again).toMatchObject({ dated: 0, reminded: 0, reindexed: 0 });
    expect(oldOrder).toMatchObject({ paymentTermsDays: 10, dueAt: new Date(Date.parse(old.orderedAt) + 10 * DAY).toISOString(), version: old.version + 1, updatedBy: 'system:backfill-receivables' });
    expect(oldOrder?.gsi11pk).toBeUndefined();
    expect(await raw(orderKeys.summary(customerId, old.orderedAt, old.id))).toMatchObject({ version: old.version + 1, gsi11pk: 'ORDER', gsi11sk: `${String(oldOrder!.updatedAt)}#${old.id}` });
    expect(await raw(receivableKeys.item(old.id))).toMatchObject({ ownerId: owner, dueAt: oldOrder!.dueAt, balance: cny(100_00), gsi3pk: `RECEIVABLE#CUSTOMER#${customerId}` });
    expect(await raw(reminderEntity.keyOf(overdueReminderOf({ ...old, dueAt: String(oldOrder!.dueAt) }, owner)!))).toBeUndefined();
    expect(await raw(reminderEntity.keyOf(overdueReminderOf({ ...recent, dueAt: recentDue }, owner)!))).toMatchObject({ recipientId: owner, remindAt: recentDue });
    expect((await raw(aggregateKeys.receivables(customerId)))?.[`dueD${String(oldOrder!.dueAt).slice(0, 10).replaceAll('-', '')}`]).toBe(100_00);
    expect(await raw(receivableKeys.item(stale.id))).toMatchObject({ ownerId: owner, gsi1pk: `RECEIVABLE#OWNER#${owner}`, gsi3pk: `RECEIVABLE#CUSTOMER#${customerId}` });
  });
});
