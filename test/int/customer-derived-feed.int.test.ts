import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CustomerFeedItem } from '#functions/customers/customer/customer.ports';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import type { Clock } from '#shared/core/clock';
import { customerKeys } from '#shared/keys/customer.keys';
import { expectSortIndexesInStep } from '#test/support/customer-sort-indexes';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * The writes that change a customer's derived fields (lifetimeValue / lastOrderAt, lastContactAt, primaryContactId)
 * move its `updatedAt` and update-time index keys in the same transaction, so the delta feed answers the customer —
 * never its `version`, and never backwards (shared/customer-records/customer-touch.ts). Each customer has its own
 * owner, so the owner's feed partition holds only this test's customers.
 */
describe('derived customer fields move the customer in the delta feed (DynamoDB Local)', () => {
  const fixture = customerRecordsOnDynamoDb(1741);
  const { ids, client, tableName, customers, contacts, activities, raw } = fixture;
  const cny = (amount: number) => ({ amount, currency: 'CNY' });
  const created = fixture.at; // 2026-11-22T08:00:00.000Z: the fixture's customers and contacts
  const later = (minutes: number) => new Date(Date.parse(created) + minutes * 60_000).toISOString();
  const everything = { since: created, until: '2026-12-31T00:00:00.000Z' };
  const fixedClock = (at: string): Clock => ({ now: () => new Date(at) });
  const ordersAt = (at: string): OrdersDependencies => ({
    products: new DynamoDbProductRepository(client, tableName),
    orders: new DynamoDbOrderRepository(client, tableName),
    idempotency: storedAnswersIn(client, tableName),
    clock: fixedClock(at),
    ids,
  });
  const ownCustomer = () => fixture.newCustomer(`touch-${ids.next()}`);
  const feedOf = async (ownerId: string, since = later(1)) =>
    (await customers.feed({ ownerId }, { since, until: everything.until }, { limit: 10 })).items.map((item: CustomerFeedItem) =>
      'deleted' in item ? `-${item.id}` : `${item.id}@v${item.version}@${item.updatedAt}`,
    );
  const storedCustomer = async (customerId: string) => {
    const item = await raw(customerKeys.item(customerId));
    expectSortIndexesInStep(item);
    return item;
  };

  it('an order placement and its cancel each stamp the customer (lifetime value, last order), version unchanged', async () => {
    // Prepare
    const customer = await ownCustomer();
    const admin = { username: 'admin', scope: 'all' } as const;
    const { value: product } = await createProduct(ordersAt(later(1)), {
      caller: admin,
      input: { code: `TCH-${ids.next().slice(-10)}`, name: `Touch ${ids.next()}`, unit: 'pcs', unitPrice: cny(10_00), active: true, stockOnHand: 10 },
    });

    // Act: place
    const { value: order } = await createOrder(ordersAt(later(5)), {
      caller: admin,
      customerId: customer.id,
      input: { orderedAt: later(2), deliveryAddress: '上海', lines: [{ productId: product.id, quantity: 2 }] },
    });

    // Assess
    expect(await feedOf(customer.ownerId)).toEqual([`${customer.id}@v1@${later(5)}`]);
    expect(await storedCustomer(customer.id)).toMatchObject({ version: 1, updatedAt: later(5), updatedBy: 'admin', lifetimeValue: cny(20_00), lastOrderAt: later(2) });

    // Act: cancel
    await updateOrder(ordersAt(later(9)), { caller: admin, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 1 });

    // Assess
    expect(await feedOf(customer.ownerId, later(6))).toEqual([`${customer.id}@v1@${later(9)}`]);
    expect(await storedCustomer(customer.id)).toMatchObject({ version: 1, updatedAt: later(9), lifetimeValue: cny(0) });
  });

  it('an activity that moves lastContactAt stamps the customer; a back-dated one and a delete leave it', async () => {
    // Prepare
    const customer = await ownCustomer();

    const latest = fixture.newActivity(customer.id, later(3), { createdAt: later(4) });
    const backDated = fixture.newActivity(customer.id, later(1), { createdAt: later(7) });

    // Act
    await activities.create(latest, { guard: { customerId: customer.id }, response: latest });
    await activities.create(backDated, { guard: { customerId: customer.id }, response: backDated });
    await activities.remove(latest, { guard: { customerId: customer.id }, expectedVersion: 1, actor: { username: 'am1', at: later(9) } });

    // Assess: lastContactAt stays after the delete (it only moves forward), so the customer did not change again.
    expect(await feedOf(customer.ownerId)).toEqual([`${customer.id}@v1@${later(4)}`]);
    expect(await storedCustomer(customer.id)).toMatchObject({ version: 1, lastContactAt: later(3), updatedAt: later(4) });
  });

  it('making a contact primary, and deleting the primary contact, stamp the customer; a plain contact does not', async () => {
    // Prepare
    const customer = await ownCustomer();
    const plain = fixture.newContact(customer.id);
    const primary = { ...fixture.newContact(customer.id), createdAt: later(3), updatedAt: later(3) };

    // Act
    await contacts.create(plain, { guard: { customerId: customer.id }, makePrimary: false, response: { ...plain, isPrimary: false } });
    const afterPlain = await feedOf(customer.ownerId);
    await contacts.create(primary, { guard: { customerId: customer.id }, makePrimary: true, response: { ...primary, isPrimary: true } });
    const afterPrimary = await feedOf(customer.ownerId);
    await contacts.remove(primary, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: true, actor: { username: 'am1', at: later(8) } });

    // Assess
    expect(afterPlain).toEqual([]);
    expect(afterPrimary).toEqual([`${customer.id}@v1@${later(3)}`]);
    expect(await feedOf(customer.ownerId, later(4))).toEqual([`${customer.id}@v1@${later(8)}`]);
    const stored = await storedCustomer(customer.id);
    expect(stored).toMatchObject({ version: 1, updatedAt: later(8) });
    expect(stored).not.toHaveProperty('primaryContactId');
  });

  it('never moves updatedAt backwards: a writer stamped earlier than the customer takes the later stamp; racing writers end at the latest', async () => {
    // Prepare: another writer stamped the customer at minute 30 and committed first.
    const customer = await ownCustomer();
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: customerKeys.item(customer.id),
        UpdateExpression: 'SET updatedAt = :at, gsi8sk = :sk, gsi11sk = :sk',
        ExpressionAttributeValues: { ':at': later(30), ':sk': `${later(30)}#${customer.id}` },
      }),
    );
    const contactsAt = [12, 40, 25, 33].map((minute) => ({ ...fixture.newContact(customer.id), createdAt: later(minute), updatedAt: later(minute) }));

    // Act: an activity stamped at minute 20, then four primary contacts at once
    const activity = fixture.newActivity(customer.id, later(2), { createdAt: later(20) });
    await activities.create(activity, { guard: { customerId: customer.id }, response: activity });
    const afterActivity = await storedCustomer(customer.id);
    await Promise.all(
      contactsAt.map((contact) => contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: true, response: { ...contact, isPrimary: true } })),
    );

    // Assess
    expect(afterActivity).toMatchObject({ updatedAt: later(30), lastContactAt: later(2), version: 1 });
    const stored = await storedCustomer(customer.id);
    expect(stored).toMatchObject({ updatedAt: later(40), version: 1, contactCount: 4 });
    expect(await feedOf(customer.ownerId)).toEqual([`${customer.id}@v1@${later(40)}`]);
  });
});
