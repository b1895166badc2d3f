import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { createStockAdjustment } from '#functions/orders/products/create-stock-adjustment.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { recentOrdersOf } from '#functions/orders/order/recent-orders.entity';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { updateProduct } from '#functions/orders/products/update-product.use-case';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { plainUpdate } from '#shared/db/update-expression';
import { churnKeys } from '#shared/churn/churn.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { aggregateKeys, orderKeys, productKeys } from '#shared/keys/orders.keys';
import { auditEntriesOf, changesOf, customerAuditEntriesOf } from '#test/support/audit-entries';
import { useLocalStack } from '#test/support/e2e';
import { expectSortIndexesInStep } from '#test/support/customer-sort-indexes';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const admin = { username: 'admin', scope: 'all' } as const;
const am1 = { username: 'am1', scope: 'own' } as const;

/** The orders repositories on DynamoDB Local: item layout, one transaction per write, conditions, aggregates. */
describe('orders repositories on DynamoDB Local', () => {
  const ids = ulidGenerator();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let deps: OrdersDependencies;
  let customers: DynamoDbCustomerRepository;
  const sent: string[] = [];

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const newCustomer = async (ownerId = 'am1', extra: Record<string, unknown> = {}) => {
    const id = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id, customerNo: `INT-O-${id.slice(-10)}`, name: `Orders ${id}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId,
      tags: [], address: '上海市浦东新区 1 号', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin', ...extra,
    });
    return id;
  };
  const newProduct = async (stockOnHand: number, unitPrice = 10_00) =>
    (await createProduct(deps, { caller: admin, input: { code: `INT-${ids.next().slice(-10)}`, name: `Widget ${ids.next()}`, unit: 'pcs', unitPrice: cny(unitPrice), active: true, stockOnHand } })).value;

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
    deps = {
      products: new DynamoDbProductRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids,
    };
  });
  afterAll(() => client.destroy());

  it('places an order with one read and ONE transaction writing every item the order touches', async () => {
    // Prepare
    const customerId = await newCustomer();
    const widget = await newProduct(10, 12_50);
    const gadget = await newProduct(5, 3_00);
    sent.length = 0;

    // Act
    const { value: order } = await createOrder(deps, {
      caller: am1,
      customerId,
      input: { orderedAt: '2026-03-15T02:00:00.000Z', lines: [{ productId: widget.id, quantity: 4, discount: cny(1_00) }, { productId: gadget.id, quantity: 5 }] },
    });

    // Assess
    expect(sent).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(await raw(orderKeys.item(order.id))).toMatchObject({ entity: 'Order', total: cny(64_00), lines: [expect.objectContaining({ amount: cny(49_00) }), expect.objectContaining({ amount: cny(15_00) })] });
    expect(await raw(orderKeys.summary(customerId, order.orderedAt, order.id))).toMatchObject({
      entity: 'OrderSummary', lineCount: 2, total: cny(64_00),
      gsi4pk: 'ORDER', gsi4sk: `2026-03-15T02:00:00.000Z#${order.id}`,
      gsi5pk: 'ORDER#STATUS#placed', gsi5sk: `2026-03-15T02:00:00.000Z#${order.id}`,
    });
    expect(await raw(orderKeys.uniqueNo(order.orderNo))).toMatchObject({ orderId: order.id });
    expect((await raw(productKeys.item(widget.id)))?.stockOnHand).toBe(6);
    expect((await raw(productKeys.item(gadget.id)))?.stockOnHand).toBe(0);
    const customer = await raw(customerKeys.item(customerId));
    expect(customer).toMatchObject({ lastOrderAt: '2026-03-15T02:00:00.000Z', lifetimeValue: cny(64_00), version: 1 });
    expectSortIndexesInStep(customer);
    expect(await raw(aggregateKeys.customerOrderValue('2026', customerId))).toMatchObject({ orderValue: 64_00, orderCount: 1, orderValueM03: 64_00, orderCountM03: 1, currency: 'CNY' });
    expect(await raw(aggregateKeys.receivables(customerId))).toMatchObject({ outstanding: 64_00, openOrders: 1 });
  });

  it('refuses a shortage with 409 naming the product and writes nothing at all', async () => {
    const customerId = await newCustomer();
    const plenty = await newProduct(10);
    const scarce = await newProduct(1);
    // The read sees enough stock; the shortage appears before the write (the transaction's condition catches it).
    const racing = new DynamoDbOrderRepository(client, tableName);
    const context = racing.placementContext.bind(racing);
    racing.placementContext = async (...args) => {
      const result = await context(...args);
      await createStockAdjustment(deps, { caller: admin, productId: scarce.id, input: { delta: -1, reason: 'breakage' } });
      return result;
    };

    const attempt = createOrder({ ...deps, orders: racing }, { caller: am1, customerId, input: { lines: [{ productId: plenty.id, quantity: 2 }, { productId: scarce.id, quantity: 1 }] } });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InsufficientStock, message: expect.stringContaining(scarce.code) });
    expect((await raw(productKeys.item(plenty.id)))?.stockOnHand).toBe(10);
    expect(await raw(aggregateKeys.receivables(customerId))).toBeUndefined();
    const customer = await raw(customerKeys.item(customerId));
    expect(customer?.lastOrderAt).toBeUndefined();
    expect(customer?.lifetimeValue).toBeUndefined();
    const summaries = await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':o': 'ORDER#' } }));
    expect(summaries.Items).toEqual([]);
  });

  it('re-prices an order whose product price changed between the read and the transaction', async () => {
    const customerId = await newCustomer();
    const product = await newProduct(10, 10_00);
    const racing = new DynamoDbOrderRepository(client, tableName);
    const context = racing.placementContext.bind(racing);
    let raced = false;
    racing.placementContext = async (...args) => {
      const result = await context(...args);
      if (!raced) {
        raced = true;
        await updateProduct(deps, { caller: admin, productId: product.id, changes: { unitPrice: cny(11_00) }, expectedVersion: 1 });
      }
      return result;
    };

    const { value: order } = await createOrder({ ...deps, orders: racing }, { caller: am1, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } });

    expect(order.total).toEqual(cny(11_00));
    expect((await raw(productKeys.item(product.id)))?.stockOnHand).toBe(9);
  });

  it('keeps the last order date moving forward only, and does not bump the customer version', async () => {
    const customerId = await newCustomer();
    const product = await newProduct(10);
    const line = { productId: product.id, quantity: 1 };

    await createOrder(deps, { caller: admin, customerId, input: { orderedAt: '2026-05-01T00:00:00.000Z', lines: [line] } });
    await createOrder(deps, { caller: admin, customerId, input: { orderedAt: '2026-02-01T00:00:00.000Z', lines: [line] } });

    expect(await raw(customerKeys.item(customerId))).toMatchObject({
      lastOrderAt: '2026-05-01T00:00:00.000Z',
      lifetimeValue: cny(20_00),
      version: 1,
      // The churn watch (lost customers) follows the last order date, in the same transaction.
      churnWatchKey: `2026-05-01T00:00:00.000Z#${customerId}`,
      gsi6sk: `2026-05-01T00:00:00.000Z#${customerId}`,
    });
    const updated = await customers.update(customerId, { credit: 4 }, { expectedVersion: 1 }, { username: 'am1', at: new Date().toISOString() });
    expect(updated).toMatchObject({ version: 2, lastOrderAt: '2026-05-01T00:00:00.000Z', lifetimeValue: cny(20_00) });
  });

  it('cancels in one transaction: stock back, customer value, aggregate and receivables reversed', async () => {
    const customerId = await newCustomer();
    const product = await newProduct(10);
    const { value: order } = await createOrder(deps, { caller: am1, customerId, input: { orderedAt: '2026-07-04T00:00:00.000Z', lines: [{ productId: product.id, quantity: 3 }, { productId: product.id, quantity: 2 }] } });
    sent.length = 0;

    const cancelled = await updateOrder(deps, { caller: am1, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 1 });

    expect(sent).toEqual(['QueryCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2 });
    expect((await raw(productKeys.item(product.id)))?.stockOnHand).toBe(10);
    expect(await raw(customerKeys.item(customerId))).toMatchObject({ lifetimeValue: cny(0), lastOrderAt: '2026-07-04T00:00:00.000Z' });
    expect(await raw(aggregateKeys.customerOrderValue('2026', customerId))).toMatchObject({ orderValue: 0, orderCount: 0, orderValueM07: 0, orderCountM07: 0 });
    expect(await raw(aggregateKeys.receivables(customerId))).toMatchObject({ outstanding: 0, openOrders: 0 });
    expect(await raw(orderKeys.summary(customerId, order.orderedAt, order.id))).toMatchObject({ status: 'cancelled', gsi5pk: 'ORDER#STATUS#cancelled', version: 2 });
  });

  it('never lets concurrent payments spend the same balance', async () => {
    const customerId = await newCustomer();
    const product = await newProduct(10, 100_00);
    const { value: order } = await createOrder(deps, { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => createPayment(deps, { caller: admin, orderId: order.id, input: { amount: cny(40_00), method: 'cash' } })),
    );

    const paid = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code: string }).code] : []));
    expect(paid).toHaveLength(2);
    expect(new Set(refused)).toEqual(new Set([ErrorCode.PaymentExceedsBalance]));
    const stored = (await deps.orders.get(order.id)) as OrderDetail;
    expect(stored).toMatchObject({ paidAmount: cny(80_00), balance: cny(20_00), paymentStatus: 'partial', version: 3 });
    expect(stored.payments).toHaveLength(2);
    expect(await raw(aggregateKeys.receivables(customerId))).toMatchObject({ outstanding: 20_00, openOrders: 1 });
  });

  it('fits a 50-line order of 50 distinct products in one transaction (59 items with a key and the audit entry, no churn record)', async () => {
    const customerId = await newCustomer();
    // Ten at a time: fifty concurrent product transactions (five items each, with their audit entries) can take
    // DynamoDB Local on a busy 2-core machine past the client's 2 s request timeout.
    const products = [];
    for (let batch = 0; batch < 5; batch += 1) products.push(...(await Promise.all(Array.from({ length: 10 }, () => newProduct(1, 1_00)))));
    sent.length = 0;

    const { value: order } = await createOrder(deps, {
      caller: admin,
      customerId,
      input: { lines: products.map((product) => ({ productId: product.id, quantity: 1 })) },
      idempotency: { username: 'admin', operationId: 'createOrder', key: `int-${ids.next()}`, fingerprint: 'x' },
    });

    expect(sent).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(order.total).toEqual(cny(50_00));
    expect((await raw(productKeys.item(products[49]!.id)))?.stockOnHand).toBe(0);
  });

  it('keeps the 20 newest orders in the customer’s head for the 360 view, following their status and balance', async () => {
    // Prepare: 22 orders, one a day; then one back-dated before all of them.
    const customerId = await newCustomer();
    const product = await newProduct(100);
    const line = { productId: product.id, quantity: 1 };
    const placed: OrderDetail[] = [];
    for (let day = 1; day <= 22; day += 1) {
      const orderedAt = `2025-03-${String(day).padStart(2, '0')}T00:00:00.000Z`;
      placed.push((await createOrder(deps, { caller: admin, customerId, input: { orderedAt, lines: [line] } })).value);
    }
    const backdated = (await createOrder(deps, { caller: admin, customerId, input: { orderedAt: '2025-01-01T00:00:00.000Z', lines: [line] } })).value;

    // Act: pay one that is shown and one that dropped out; cancel one that is shown.
    await createPayment(deps, { caller: admin, orderId: placed[21]!.id, input: { amount: cny(4_00), method: 'cash' } });
    await createPayment(deps, { caller: admin, orderId: placed[0]!.id, input: { amount: cny(10_00), method: 'cash' } });
    await updateOrder(deps, { caller: am1, orderId: placed[20]!.id, input: { status: 'cancelled' }, expectedVersion: 1 });

    // Assess
    const recent = recentOrdersOf(await raw(orderKeys.recent(customerId)));
    expect(recent.map((order) => order.id)).toEqual(placed.slice(2).reverse().map((order) => order.id));
    expect(recent.map((order) => order.id)).not.toContain(backdated.id);
    expect(recent[0]).toMatchObject({ balance: cny(6_00), paymentStatus: 'partial', status: 'placed' });
    expect(recent[1]).toMatchObject({ status: 'cancelled' });
    expect(await deps.orders.get(placed[0]!.id)).toMatchObject({ paymentStatus: 'paid', version: 2 });
  });

  describe('audit trail', () => {
    const audit = (type: 'product' | 'stock-adjustment' | 'order' | 'payment' | 'lost-customer', id: string) => auditEntriesOf(client, tableName, type, id);
    const orderEntriesOf = async (customerId: string) =>
      (await customerAuditEntriesOf(client, tableName, customerId)).filter((entry) => entry.entityType === 'order');

    it('records a product\'s creation with its opening stock, its edits, and every stock adjustment with the resulting stock', async () => {
      // Prepare
      const product = await newProduct(10, 5_00);
      const [opening] = (await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)', ExpressionAttributeValues: { ':pk': productKeys.item(product.id).pk, ':a': 'ADJUSTMENT#' } }))).Items ?? [];

      // Act
      await updateProduct(deps, { caller: admin, productId: product.id, changes: { unitPrice: cny(6_00), location: null }, expectedVersion: 1 });
      const { value: adjustment } = await createStockAdjustment(deps, { caller: admin, productId: product.id, input: { delta: -3, reason: 'breakage' } });

      // Assess
      const [creation, edit, stock] = await audit('product', product.id);
      expect(creation).toMatchObject({ action: 'create', actor: 'admin', entityVersion: 1 });
      expect(changesOf(creation)).toMatchObject({ code: { new: product.code }, stockOnHand: { new: 10 }, unitPrice: { new: cny(5_00) } });
      expect(edit).toMatchObject({ action: 'update', actor: 'admin', entityVersion: 2 });
      expect(changesOf(edit)).toEqual({ unitPrice: { old: cny(5_00), new: cny(6_00) } });
      expect(stock).toMatchObject({ action: 'update', actor: 'admin', note: `Stock adjustment ${adjustment.id}: breakage` });
      expect(changesOf(stock)).toEqual({ stockOnHand: { new: { by: -3 } } });
      expect(await audit('stock-adjustment', adjustment.id)).toEqual([
        expect.objectContaining({ action: 'create', actor: 'admin', note: 'breakage', changes: expect.arrayContaining([{ field: 'delta', new: -3 }, { field: 'productId', new: product.id }]) }),
      ]);
      expect(await audit('stock-adjustment', String(opening?.id))).toEqual([expect.objectContaining({ action: 'create', changes: expect.arrayContaining([{ field: 'delta', new: 10 }]) })]);
    });

    it('records an order\'s creation under its customer, and the recovery of a lost customer by the order\'s creator', async () => {
      // Prepare — a customer under an open lost-customer record (as the daily job leaves it).
      const customerId = await newCustomer();
      await client.send(new UpdateCommand(plainUpdate(tableName, customerKeys.item(customerId), { set: { churnStatus: 'warning' } }).Update));
      await client.send(new PutCommand({ TableName: tableName, Item: { ...churnKeys.record(customerId), entity: 'LostCustomer', customerId, status: 'warning', version: 1 } }));
      const product = await newProduct(10, 2_00);

      // Act
      const { value: order } = await createOrder(deps, { caller: am1, customerId, input: { orderedAt: '2026-06-01T00:00:00.000Z', lines: [{ productId: product.id, quantity: 2 }] } });

      // Assess
      const [creation] = await audit('order', order.id);
      expect(creation).toMatchObject({ action: 'create', actor: 'am1', at: order.createdAt, customerId, entityVersion: 1 });
      expect(changesOf(creation)).toMatchObject({
        status: { new: 'placed' },
        total: { new: cny(4_00) },
        lines: { new: [expect.objectContaining({ productId: product.id, quantity: 2 })] },
      });
      expect(await audit('lost-customer', customerId)).toEqual([
        expect.objectContaining({
          action: 'transition', actor: 'am1', at: order.createdAt, customerId,
          changes: [{ field: 'status', old: 'warning', new: 'recovered' }, { field: 'recoveredAt', new: order.createdAt }, { field: 'recoveredByOrderId', new: order.id }],
        }),
      ]);
      expect((await raw(churnKeys.record(customerId)))?.status).toBe('recovered');
    });

    it('records payments as creations with the order\'s new figures, and status moves and cancellations as transitions', async () => {
      // Prepare
      const customerId = await newCustomer();
      const product = await newProduct(10, 10_00);
      const { value: paidOrder } = await createOrder(deps, { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } });
      const { value: cancelledOrder } = await createOrder(deps, { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } });

      // Act
      const { value: paid } = await createPayment(deps, { caller: am1, orderId: paidOrder.id, input: { amount: cny(4_00), method: 'cash' } });
      await updateOrder(deps, { caller: admin, orderId: paidOrder.id, input: { status: 'shipped' }, expectedVersion: 2 });
      await updateOrder(deps, { caller: am1, orderId: cancelledOrder.id, input: { status: 'cancelled', reason: 'Customer changed their mind' }, expectedVersion: 1 });

      // Assess
      const payment = paid.payments[0]!;
      expect(await audit('payment', payment.id)).toEqual([
        expect.objectContaining({ action: 'create', actor: 'am1', customerId, entityVersion: 1, changes: expect.arrayContaining([{ field: 'amount', new: cny(4_00) }, { field: 'orderId', new: paidOrder.id }]) }),
      ]);
      const [, figures, shipping] = await audit('order', paidOrder.id);
      expect(figures).toMatchObject({ action: 'update', actor: 'am1', customerId, entityVersion: 2, note: `Payment ${payment.id}` });
      expect(changesOf(figures)).toEqual({
        paidAmount: { old: cny(0), new: cny(4_00) },
        balance: { old: cny(10_00), new: cny(6_00) },
        paymentStatus: { old: 'unpaid', new: 'partial' },
      });
      expect(shipping).toMatchObject({ action: 'transition', actor: 'admin', entityVersion: 3 });
      expect(changesOf(shipping)).toEqual({ status: { old: 'placed', new: 'shipped' }, shippedAt: { new: expect.any(String) } });
      const [, cancellation] = await audit('order', cancelledOrder.id);
      expect(cancellation).toMatchObject({ action: 'transition', actor: 'am1', note: 'Customer changed their mind', entityVersion: 2 });
      expect(changesOf(cancellation)).toMatchObject({ status: { old: 'placed', new: 'cancelled' }, cancelReason: { new: 'Customer changed their mind' } });
    });

    it('leaves no entry for refused writes (404, 409, 412, stale payment, shortage) nor for a replayed create', async () => {
      // Prepare
      const customerId = await newCustomer();
      const product = await newProduct(2, 1_00);
      const idempotency = { username: 'admin', operationId: 'createOrder', key: `int-${ids.next()}`, fingerprint: 'x' };
      const placeOnce = () => createOrder(deps, { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] }, idempotency });
      const { value: order } = await placeOnce();
      const current = (await deps.orders.get(order.id))!;
      const productEntries = (await audit('product', product.id)).length;

      // Act
      const replayed = await placeOnce();
      await expect(updateProduct(deps, { caller: admin, productId: product.id, changes: { name: 'Stale' }, expectedVersion: 9 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(updateProduct(deps, { caller: admin, productId: ids.next(), changes: { name: 'Ghost' }, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.ProductNotFound });
      await expect(createStockAdjustment(deps, { caller: admin, productId: product.id, input: { delta: -5, reason: 'count' } })).rejects.toMatchObject({ code: ErrorCode.InsufficientStock });
      await expect(createOrder(deps, { caller: admin, customerId, input: { lines: [{ productId: product.id, quantity: 5 }] } })).rejects.toMatchObject({ code: ErrorCode.InsufficientStock });
      await expect(updateOrder(deps, { caller: admin, orderId: order.id, input: { status: 'shipped' }, expectedVersion: 7 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(deps.orders.changeStatus(current, { ...current, status: 'shipped', version: 2 }, { expectedVersion: 7 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      const staleNext = { ...current, paidAmount: cny(1_00), balance: cny(0), paymentStatus: 'paid' as const, version: 2 };
      const stalePayment = { id: ids.next(), orderId: order.id, amount: cny(1_00), paidAt: current.createdAt, method: 'cash' as const, version: 1, createdAt: current.createdAt, createdBy: 'admin', updatedAt: current.createdAt, updatedBy: 'admin' };
      const outcome = await deps.orders.addPayment(current, staleNext, stalePayment, { expectedVersion: 7 });

      // Assess
      expect(replayed).toMatchObject({ kind: 'replayed', value: { id: order.id } });
      expect(outcome).toEqual({ kind: 'stale' });
      expect((await orderEntriesOf(customerId)).map((entry) => [entry.entityId, entry.action])).toEqual([[order.id, 'create']]);
      expect(await audit('payment', stalePayment.id)).toEqual([]);
      expect(await audit('product', product.id)).toHaveLength(productEntries);
    });
  });

  it('lists orders by status and date range from the overloaded indexes, newest first', async () => {
    const customerId = await newCustomer();
    const product = await newProduct(10);
    const line = { productId: product.id, quantity: 1 };
    const placed = [];
    for (const orderedAt of ['2024-01-10T00:00:00.000Z', '2024-01-20T00:00:00.000Z', '2024-02-01T00:00:00.000Z']) {
      placed.push((await createOrder(deps, { caller: admin, customerId, input: { orderedAt, lines: [line] } })).value);
    }
    await updateOrder(deps, { caller: admin, orderId: placed[1]!.id, input: { status: 'shipped' }, expectedVersion: 1 });

    const january = await deps.orders.list({ from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' }, { limit: 100 });
    const shipped = await deps.orders.list({ status: 'shipped', from: '2024-01-01T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' }, { limit: 100 });
    const ofCustomer = await deps.orders.listByCustomer(customerId, { limit: 2 });

    expect(january.items.filter((item) => item.customerId === customerId).map((item) => item.id)).toEqual([placed[1]!.id, placed[0]!.id]);
    expect(shipped.items.filter((item) => item.customerId === customerId).map((item) => item.id)).toEqual([placed[1]!.id]);
    expect(ofCustomer.items.map((item) => item.id)).toEqual([placed[2]!.id, placed[1]!.id]);
    expect(ofCustomer.lastKey).toBeDefined();
    expect(Object.keys(ofCustomer.items[0]!).some((key) => /^(pk|sk|gsi|entity)/.test(key))).toBe(false);
  });
});
