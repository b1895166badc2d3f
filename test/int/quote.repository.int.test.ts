import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { expireQuotes } from '#functions/jobs/quote-expiry.use-case';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { acceptQuote } from '#functions/orders/quotes/accept-quote.use-case';
import { createQuote } from '#functions/orders/quotes/create-quote.use-case';
import type { QuotesDependencies } from '#functions/orders/quotes/quote.ports';
import { DynamoDbQuoteRepository } from '#functions/orders/quotes/quote.repository';
import { sendQuote } from '#functions/orders/quotes/send-quote.use-case';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { aggregateKeys, productKeys } from '#shared/keys/orders.keys';
import { quoteKeys } from '#shared/keys/quotes.keys';
import { useLocalStack } from '#test/support/e2e';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const admin = { username: 'admin', scope: 'all' } as const;
const validUntil = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Quotes on DynamoDB Local: the item and its indexes, the accept transaction, the expiry Query. */
describe('quotes repository on DynamoDB Local', () => {
  const ids = ulidGenerator();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let deps: QuotesDependencies;
  let orderDeps: OrdersDependencies;
  let customers: DynamoDbCustomerRepository;
  const sent: string[] = [];
  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const newCustomer = async () => {
    const id = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id, customerNo: `INT-Q-${id.slice(-10)}`, name: `报价客户 ${id}`, level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'am1',
      tags: [], address: '上海市浦东新区 1 号', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    });
    return id;
  };
  const newProduct = async (stockOnHand: number) =>
    (await createProduct(orderDeps, { caller: admin, input: { code: `INT-${ids.next().slice(-10)}`, name: `Widget ${ids.next()}`, unit: 'pcs', unitPrice: cny(10_00), active: true, stockOnHand } })).value;
  const sentQuote = async (customerId: string, lines: { productId: string; quantity: number; discountPercent?: number }[], days = 30) => {
    const draft = (await createQuote(deps, { caller: admin, customerId, input: { lines, validUntil: validUntil(days), currency: 'CNY' } })).value;
    return sendQuote(deps, { caller: admin, quoteId: draft.id, expectedVersion: 1 });
  };

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
    const orders = new DynamoDbOrderRepository(client, tableName);
    const idempotency = storedAnswersIn(client, tableName);
    orderDeps = { products: new DynamoDbProductRepository(client, tableName), orders, idempotency, clock: systemClock, ids };
    deps = { quotes: new DynamoDbQuoteRepository(client, tableName), orders, idempotency, clock: systemClock, ids };
  });
  afterAll(() => client.destroy());

  it('stores a quote under its customer (gsi1) and, once sent, on the expiry index (gsi2)', async () => {
    // Prepare
    const customerId = await newCustomer();
    const product = await newProduct(5);

    // Act
    const quote = await sentQuote(customerId, [{ productId: product.id, quantity: 1 }]);

    // Assess
    const item = await raw(quoteKeys.item(quote.id));
    expect(item).toMatchObject({ entity: 'Quote', status: 'sent', gsi1pk: `QUOTE#CUSTOMER#${customerId}`, gsi2pk: 'QUOTE#SENT', gsi2sk: `${quote.expiresAt}#${quote.id}` });
    expect(await raw(quoteKeys.uniqueNo(quote.quoteNo))).toMatchObject({ quoteId: quote.id });
    expect((await deps.quotes.listByCustomer(customerId, { limit: 10 })).items.map((listed) => listed.id)).toEqual([quote.id]);
  });

  it('accepts in ONE TransactWriteItems: the order with stock, customer figures, aggregates; the quote accepted with its order id', async () => {
    // Prepare
    const customerId = await newCustomer();
    const products = await Promise.all([newProduct(10), newProduct(10)]);
    const quote = await sentQuote(customerId, [{ productId: products[0]!.id, quantity: 3, discountPercent: 12.5 }, { productId: products[1]!.id, quantity: 1 }]);
    sent.length = 0;

    // Act
    const { quote: accepted, order } = await acceptQuote(deps, { caller: admin, quoteId: quote.id, input: {}, expectedVersion: 2 });

    // Assess: 30.00 − 3.75 + 10.00
    // Three requests whatever the number of lines: the quote, the placement's read, the one transaction.
    expect(sent).toEqual(['GetItemCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(order.total).toEqual(cny(36_25));
    const item = await raw(quoteKeys.item(quote.id));
    expect(item).toMatchObject({ status: 'accepted', orderId: order.id, orderNo: order.orderNo, version: 3 });
    expect(item?.gsi2pk).toBeUndefined();
    expect(accepted.orderId).toBe(order.id);
    expect((await raw(productKeys.item(products[0]!.id)))?.stockOnHand).toBe(7);
    expect((await raw(productKeys.item(products[1]!.id)))?.stockOnHand).toBe(9);
    const customer = await customers.get(customerId);
    expect(customer?.lifetimeValue).toEqual(cny(36_25));
    expect((await raw(aggregateKeys.receivables(customerId)))?.outstanding).toBe(36_25);
    const year = order.orderedAt.slice(0, 4);
    expect((await raw(aggregateKeys.customerOrderValue(year, customerId)))?.orderValue).toBe(36_25);
    await expect(acceptQuote(deps, { caller: admin, quoteId: quote.id, input: {}, expectedVersion: 3 })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });

  it('refuses an acceptance whose quote moved under it (accepted by a racing request): nothing of the order is written', async () => {
    // Prepare: the quote is read as sent; then someone else accepts it (version 3) before our transaction.
    const customerId = await newCustomer();
    const product = await newProduct(10);
    const quote = await sentQuote(customerId, [{ productId: product.id, quantity: 2 }]);
    const racing = await acceptQuote(deps, { caller: admin, quoteId: quote.id, input: {}, expectedVersion: 2 });
    const stale = { ...quote };
    const placement = (await deps.orders.placementContext(customerId, [product.id]));

    // Act
    const attempt = deps.quotes.accept(
      stale,
      { ...stale, status: 'accepted', version: 3 },
      {
        order: { ...racing.order, id: ids.next(), orderNo: `O-INT-${ids.next().slice(-6)}` },
        customer: placement.customer!,
        stock: [{ productId: product.id, productCode: product.code, quantity: 2, expectedVersion: product.version, lineIndex: 0 }],
        ...(placement.recentOrders ? { recentOrders: placement.recentOrders } : {}),
      },
      new Date().toISOString(),
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect((await raw(productKeys.item(product.id)))?.stockOnHand).toBe(8);
    expect((await customers.get(customerId))?.lifetimeValue).toEqual(racing.order.total);
  });

  it('expires exactly the sent quotes past their validity, by a Query of the expiry index', async () => {
    // Prepare
    const customerId = await newCustomer();
    const product = await newProduct(10);
    const due = await sentQuote(customerId, [{ productId: product.id, quantity: 1 }], 1);
    const later = await sentQuote(customerId, [{ productId: product.id, quantity: 1 }], 400);
    sent.length = 0;

    // Act: the job's clock three days on.
    const run = await expireQuotes({ quotes: deps.quotes, clock: { now: () => new Date(Date.now() + 3 * 86_400_000) } });

    // Assess
    expect(run.expired).toBeGreaterThanOrEqual(1);
    expect(sent).not.toContain('ScanCommand');
    expect(sent.filter((name) => name === 'QueryCommand').length).toBe(run.queries);
    expect(await raw(quoteKeys.item(due.id))).toMatchObject({ status: 'expired', version: 3 });
    expect((await raw(quoteKeys.item(due.id)))?.gsi2pk).toBeUndefined();
    expect(await raw(quoteKeys.item(later.id))).toMatchObject({ status: 'sent', version: 2 });
    const left = await client.send(
      new QueryCommand({
        TableName: tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :until',
        ExpressionAttributeValues: { ':pk': 'QUOTE#SENT', ':until': `${run.until}#~` },
      }),
    );
    expect(left.Items ?? []).toEqual([]);
  });
});
