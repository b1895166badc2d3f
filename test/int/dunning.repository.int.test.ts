import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { createDunningNote } from '#functions/dunning/create-dunning-note.use-case';
import type { DunningDependencies } from '#functions/dunning/dunning.dependencies';
import { DynamoDbDunningRepository } from '#functions/dunning/dunning.repository';
import { listDunning } from '#functions/dunning/list-dunning.use-case';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { storedAnswersIn } from '#functions/orders/orders.container';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { overdueReminderOf } from '#shared/dunning/dunning';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { aggregateKeys } from '#shared/keys/orders.keys';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import type { Reminder } from '#shared/reminders/reminder';
import { useLocalStack } from '#test/support/e2e';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const admin = { username: 'admin', scope: 'all' } as const;
const DAY = 86_400_000;

/** Dunning on DynamoDB Local: the open-receivables index and the reminders kept by the order transactions. */
describe('dunning in the order and payment transactions', () => {
  const ids = ulidGenerator();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let orders: OrdersDependencies;
  let dunning: DunningDependencies;
  let customers: DynamoDbCustomerRepository;

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const reminderKey = (reminder: { remindAt: string; kind: Reminder['kind']; sourceId: string }) =>
    reminderEntity.keyOf({ ...reminder, recipientId: '', title: '', dueAt: '', path: '' });

  const newCustomer = async (ownerId: string) => {
    const id = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id, customerNo: `INT-D-${id.slice(-10)}`, name: `Dunning ${id}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId,
      tags: [], address: '上海市浦东新区 1 号', paymentTermsDays: 10, version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    });
    return id;
  };
  const newOrder = async (customerId: string, input: { orderedAt?: string; paymentTermsDays?: number } = {}) => {
    const product = (await createProduct(orders, { caller: admin, input: { code: `INT-${ids.next().slice(-10)}`, name: `Widget ${ids.next()}`, unit: 'pcs', unitPrice: cny(100_00), active: true, stockOnHand: 10 } })).value;
    return (await createOrder(orders, { caller: admin, customerId, input: { ...input, lines: [{ productId: product.id, quantity: 1 }] } })).value;
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
    dunning = { dunning: new DynamoDbDunningRepository(client, tableName), clock: systemClock, ids };
  });
  afterAll(() => client.destroy());

  it("puts the receivable and the owner's overdue reminder at placement, follows payments, and removes both when paid", async () => {
    // Prepare
    const owner = `am-${ids.next()}`;
    const customerId = await newCustomer(owner);
    // Act: placed with the customer's 10 days.
    const order = await newOrder(customerId);
    const overdue = overdueReminderOf(order, owner)!;
    const placed = { receivable: await raw(receivableKeys.item(order.id)), reminder: await raw(reminderKey(overdue)) };
    await createPayment(orders, { caller: admin, orderId: order.id, input: { amount: cny(40_00), method: 'cash' } });
    const partly = await raw(receivableKeys.item(order.id));
    await createPayment(orders, { caller: admin, orderId: order.id, input: { amount: cny(60_00), method: 'cash' } });
    // Assess
    expect(order).toMatchObject({ paymentTermsDays: 10, dueAt: new Date(Date.parse(order.orderedAt) + 10 * DAY).toISOString() });
    expect(placed.receivable).toMatchObject({ orderId: order.id, ownerId: owner, balance: cny(100_00), dueAt: order.dueAt, gsi1pk: `RECEIVABLE#OWNER#${owner}`, gsi2pk: 'RECEIVABLE#ALL' });
    expect(placed.reminder).toMatchObject({ kind: 'dunning', sourceId: order.id, recipientId: owner, remindAt: order.dueAt });
    expect(partly).toMatchObject({ balance: cny(60_00) });
    expect(await raw(receivableKeys.item(order.id))).toBeUndefined();
    expect(await raw(reminderKey(overdue))).toBeUndefined();
  });

  it('lists an overdue order for its owner and managers; a cancellation takes it out; the receivables age it by due date', async () => {
    // Prepare: ordered 45 days ago with 10 days' terms → 35 days overdue.
    const owner = `am-${ids.next()}`;
    const customerId = await newCustomer(owner);
    const order = await newOrder(customerId, { orderedAt: new Date(Date.now() - 45 * DAY).toISOString() });
    // Act
    const mine = await listDunning(dunning, { caller: { username: owner, scope: 'own' }, page: { limit: 100 } });
    const aggregate = await raw(aggregateKeys.receivables(customerId));
    await updateOrder(orders, { caller: admin, orderId: order.id, input: { status: 'cancelled', reason: 'test' }, expectedVersion: 1 });
    const afterCancel = await listDunning(dunning, { caller: { username: owner, scope: 'own' }, page: { limit: 100 } });
    // Assess
    expect(mine.items).toEqual([expect.objectContaining({ orderId: order.id, daysOverdue: 35, bucket: 'overdue31to60', balance: cny(100_00) })]);
    expect(aggregate?.[`dueD${order.dueAt!.slice(0, 10).replaceAll('-', '')}`]).toBe(100_00);
    expect(afterCancel.items).toEqual([]);
    expect(await raw(receivableKeys.item(order.id))).toBeUndefined();
  });

  it('a promise writes its reminder with the note; the payment that keeps it deletes the reminder in its transaction', async () => {
    // Prepare
    const owner = `am-${ids.next()}`;
    const customerId = await newCustomer(owner);
    const order = await newOrder(customerId);
    const promisedPayAt = new Date(Date.now() + 3 * DAY).toISOString();
    // Act
    const note = (await createDunningNote(dunning, { caller: { username: owner, scope: 'own' }, orderId: order.id, input: { method: 'phone', note: '三天内付三十', promisedPayAt, promisedAmount: cny(30_00) } })).value;
    const key = reminderKey({ remindAt: promisedPayAt, kind: 'dunning', sourceId: note.id });
    const armed = await raw(key);
    await createPayment(orders, { caller: admin, orderId: order.id, input: { amount: cny(10_00), method: 'cash' } });
    const stillArmed = await raw(key);
    const kept = (await createPayment(orders, { caller: admin, orderId: order.id, input: { amount: cny(20_00), method: 'cash' } })).value;
    // Assess
    expect(armed).toMatchObject({ recipientId: owner, title: `Promise to pay broken: order ${order.orderNo}` });
    expect(stillArmed).toBeDefined();
    expect(kept.promise).toMatchObject({ noteId: note.id, status: 'kept' });
    expect(await raw(key)).toBeUndefined();
    expect(await raw(receivableKeys.item(order.id))).toMatchObject({ balance: cny(70_00) });
  });
});
