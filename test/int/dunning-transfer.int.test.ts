import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { DunningDependencies } from '#functions/dunning/dunning.dependencies';
import { DynamoDbDunningRepository } from '#functions/dunning/dunning.repository';
import { listDunning } from '#functions/dunning/list-dunning.use-case';
import { DynamoDbReminderJobStore } from '#functions/jobs/reminder-job.repository';
import { targetOf } from '#functions/jobs/reminder-targets.rules';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { overdueReminderOf } from '#shared/dunning/dunning';
import { moveReceivablesToOwner } from '#shared/dunning/receivable-owner.repository';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { useLocalStack } from '#test/support/e2e';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const admin = { username: 'admin', scope: 'all' } as const;
const DAY = 86_400_000;

/** Dunning after a customer transfer, on DynamoDB Local: the open receivables follow the owner, reminders too. */
describe('dunning after a customer transfer', () => {
  const ids = ulidGenerator();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let orders: OrdersDependencies;
  let dunning: DunningDependencies;
  let customers: DynamoDbCustomerRepository;

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const actor = () => ({ username: 'admin', at: new Date().toISOString() });
  const newCustomer = async (ownerId: string) => {
    const id = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id, customerNo: `INT-T-${id.slice(-10)}`, name: `Transfer ${id}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId,
      tags: [], address: '上海市浦东新区 1 号', paymentTermsDays: 10, version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    });
    return id;
  };
  const overdueOrder = async (customerId: string) => {
    const product = (await createProduct(orders, { caller: admin, input: { code: `INT-${ids.next().slice(-10)}`, name: `Widget ${ids.next()}`, unit: 'pcs', unitPrice: cny(100_00), active: true, stockOnHand: 10 } })).value;
    const orderedAt = new Date(Date.now() - 40 * DAY).toISOString();
    return (await createOrder(orders, { caller: admin, customerId, input: { orderedAt, lines: [{ productId: product.id, quantity: 1 }] } })).value;
  };
  const listOf = async (username: string) =>
    (await listDunning(dunning, { caller: { username, scope: 'own' }, page: { limit: 100 } })).items.map((item) => item.orderId).sort();

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

  it("moves the customer's open receivables to the new owner's list in the transfer; the old owner sees none; reminders go to the new owner", async () => {
    // Prepare: two overdue orders and a paid one, all placed while am-A owned the customer.
    const [from, to] = [`am-${ids.next()}`, `am-${ids.next()}`];
    const customerId = await newCustomer(from);
    const first = await overdueOrder(customerId);
    const second = await overdueOrder(customerId);
    const paid = await overdueOrder(customerId);
    await createPayment(orders, { caller: admin, orderId: paid.id, input: { amount: cny(100_00), method: 'cash' } });
    const before = { from: await listOf(from), to: await listOf(to) };

    // Act
    await customers.transfer(customerId, { ownerId: to, ownerName: to }, { expectedVersion: 1 }, actor());
    const after = { from: await listOf(from), to: await listOf(to) };
    const target = await targetOf(new DynamoDbReminderJobStore(client, tableName), overdueReminderOf(first, from)!);

    // Assess
    expect(before).toEqual({ from: [first.id, second.id].sort(), to: [] });
    expect(after).toEqual({ from: [], to: [first.id, second.id].sort() });
    expect(await raw(receivableKeys.item(second.id))).toMatchObject({ ownerId: to, gsi1pk: `RECEIVABLE#OWNER#${to}`, gsi3pk: `RECEIVABLE#CUSTOMER#${customerId}` });
    expect(target).toMatchObject({ kind: 'deliver', reminder: { kind: 'dunning', sourceId: first.id, recipientId: to } });
  });

  it('a move for an owner the customer no longer has changes nothing (a later transfer is never undone); a re-run moves nothing', async () => {
    // Prepare
    const [owner, stale] = [`am-${ids.next()}`, `am-${ids.next()}`];
    const customerId = await newCustomer(owner);
    const order = await overdueOrder(customerId);

    // Act
    const staleMove = await moveReceivablesToOwner(client, tableName, customerId, stale);
    const rerun = await moveReceivablesToOwner(client, tableName, customerId, owner);

    // Assess
    expect(staleMove).toBeUndefined();
    expect(rerun).toBe(0);
    expect(await raw(receivableKeys.item(order.id))).toMatchObject({ ownerId: owner, gsi1pk: `RECEIVABLE#OWNER#${owner}` });
  });
});
