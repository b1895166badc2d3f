import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { backfillOrderFeed } from '#functions/jobs/order-feed-backfill';
import { backfillOwnerFeed } from '#functions/jobs/owner-feed-backfill';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { syncOrders } from '#functions/orders/order/sync-orders.use-case';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { orderKeys } from '#shared/keys/orders.keys';
import { useLocalStack } from '#test/support/e2e';

/**
 * The delta feed of all orders on DynamoDB Local: the summary's change-time index (gsi11 `ORDER`) moved by a
 * placement, a payment and a status move; one Query per page; and the back-fill of summaries written before it.
 * The owner feed (gsi8 `ORDER#OWNER#<owner>`): the placement files the summary under the customer's owner, the
 * back-fill's owner pass. Instants are in February 2014 (no other file writes orders then), so the window holds this file's orders only.
 */
describe('orders delta feed on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(2014));
  const admin = { username: 'admin', scope: 'all' } as const;
  const cny = (amount: number) => ({ amount, currency: 'CNY' });
  const minute = (n: number) => new Date(Date.UTC(2014, 1, 3, 9, n)).toISOString();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let customers: DynamoDbCustomerRepository;
  const sent: string[] = [];
  const depsAt = (at: string): OrdersDependencies => ({
    products: new DynamoDbProductRepository(client, tableName),
    orders: new DynamoDbOrderRepository(client, tableName),
    idempotency: storedAnswersIn(client, tableName),
    clock: { now: () => new Date(at) },
    ids,
  });

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    customers = new DynamoDbCustomerRepository(client, tableName);
  });
  afterAll(() => client.destroy());

  it('answers orders placed, paid or moved in the window, in change order, one Query per page; the back-fill gives old summaries their keys once', async () => {
    // Prepare
    const customerId = ids.next();
    await customers.create({
      id: customerId, customerNo: `OF-${customerId.slice(-10)}`, name: `Order feed ${customerId}`, level: 'ordinary', status: 'active', ownerId: 'am1',
      ownerName: 'am1', tags: [], address: '北京', version: 1, createdAt: minute(0), createdBy: 'admin', updatedAt: minute(0), updatedBy: 'admin',
    });
    const { value: product } = await createProduct(depsAt(minute(0)), {
      caller: admin,
      input: { code: `OF-${ids.next().slice(-10)}`, name: `Feed ${ids.next()}`, unit: 'pcs', unitPrice: cny(10_00), active: true, stockOnHand: 10 },
    });
    const place = async (at: string) => (await createOrder(depsAt(at), { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } })).value;
    const untouched = await place(minute(1));
    const paid = await place(minute(2));
    const shipped = await place(minute(3));
    await updateOrder(depsAt(minute(5)), { caller: admin, orderId: shipped.id, input: { status: 'shipped' }, expectedVersion: 1 });
    await createPayment(depsAt(minute(6)), { caller: admin, orderId: paid.id, input: { amount: cny(5_00), method: 'bank-transfer' } });
    sent.length = 0;

    // Act
    const first = await syncOrders(depsAt(minute(30)), { updatedSince: minute(2), page: { limit: 2 } });
    const rest = await syncOrders(depsAt(minute(30)), { updatedSince: minute(2), page: { limit: 2, startKey: first.lastKey! } });

    // Assess
    expect(sent).toEqual(['QueryCommand', 'QueryCommand']);
    expect([...first.items, ...rest.items].map((order) => `${order.id}@v${'version' in order ? order.version : '?'}`)).toEqual([`${shipped.id}@v2`, `${paid.id}@v2`]);
    expect([...first.items, ...rest.items].map((order) => order.id)).not.toContain(untouched.id);

    // Act: a summary written before the feed existed has no gsi11 attributes; the back-fill sets them, once.
    const summaryKey = orderKeys.summary(customerId, untouched.orderedAt, untouched.id);
    await client.send(new UpdateCommand({ TableName: tableName, Key: summaryKey, UpdateExpression: 'REMOVE gsi11pk, gsi11sk' }));
    const hidden = await syncOrders(depsAt(minute(30)), { updatedSince: minute(0), page: { limit: 10 } });
    const firstRun = await backfillOrderFeed(client, tableName);
    const secondRun = await backfillOrderFeed(client, tableName);

    // Assess
    expect(hidden.items.map((order) => order.id)).toEqual([shipped.id, paid.id]);
    expect(firstRun.updated).toBeGreaterThanOrEqual(1);
    expect(secondRun.updated).toBe(0);
    expect((await client.send(new GetCommand({ TableName: tableName, Key: summaryKey }))).Item).toMatchObject({ gsi11pk: 'ORDER', gsi11sk: `${minute(1)}#${untouched.id}` });
    expect((await syncOrders(depsAt(minute(30)), { updatedSince: minute(0), page: { limit: 10 } })).items.map((order) => order.id)).toEqual([untouched.id, shipped.id, paid.id]);
  });

  it("files a placement under the customer's owner; the owner pass of the back-fill puts old summaries in their owner's feed, once", async () => {
    // Prepare: a customer of an owner of this test's own (its feed partition holds this test's orders only).
    const customerId = ids.next();
    const [before, now] = [`of-before-${customerId.slice(-8)}`, `of-now-${customerId.slice(-8)}`];
    await customers.create({
      id: customerId, customerNo: `OF-${customerId.slice(-10)}`, name: `Order owner feed ${customerId}`, level: 'ordinary', status: 'active', ownerId: now,
      ownerName: now, tags: [], address: '北京', version: 1, createdAt: minute(0), createdBy: 'admin', updatedAt: minute(0), updatedBy: 'admin',
    });
    const { value: product } = await createProduct(depsAt(minute(0)), {
      caller: admin,
      input: { code: `OF-${ids.next().slice(-10)}`, name: `Feed ${ids.next()}`, unit: 'pcs', unitPrice: cny(10_00), active: true, stockOnHand: 10 },
    });
    const place = async (at: string) => (await createOrder(depsAt(at), { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } })).value;
    const [filed, old, left] = [await place(minute(1)), await place(minute(2)), await place(minute(3))];
    const filedOwner = (await client.send(new GetCommand({ TableName: tableName, Key: orderKeys.summary(customerId, filed.orderedAt, filed.id) }))).Item?.gsi8pk;
    // One summary written before the owner feed, one left in a previous owner's partition.
    await client.send(new UpdateCommand({ TableName: tableName, Key: orderKeys.summary(customerId, old.orderedAt, old.id), UpdateExpression: 'REMOVE gsi8pk' }));
    await client.send(new UpdateCommand({
      TableName: tableName, Key: orderKeys.summary(customerId, left.orderedAt, left.id), UpdateExpression: 'SET gsi8pk = :old', ExpressionAttributeValues: { ':old': `ORDER#OWNER#${before}` },
    }));
    const reads = new DynamoDbOrderRepository(client, tableName);
    const everything = { since: '1970-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' };

    // Act
    const first = await backfillOwnerFeed(client, tableName, { ownerId: now, kinds: ['order'] });
    const again = await backfillOwnerFeed(client, tableName, { ownerId: now, kinds: ['order'] });

    // Assess
    expect(filedOwner).toBe(`ORDER#OWNER#${now}`);
    expect(first).toEqual({ customers: 1, moved: { contact: 0, order: 2 }, skipped: 0 });
    expect(again).toEqual({ customers: 1, moved: { contact: 0, order: 0 }, skipped: 0 });
    expect((await reads.feed(everything, { limit: 10 }, { ownerId: now })).items.map((item) => item.id).sort()).toEqual([filed.id, old.id, left.id].sort());
    expect((await reads.feed(everything, { limit: 10 }, { ownerId: before })).items).toEqual([expect.objectContaining({ id: left.id, deleted: true, reason: 'transferred' })]);
  });
});
