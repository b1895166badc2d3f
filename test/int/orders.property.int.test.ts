import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { createStockAdjustment } from '#functions/orders/products/create-stock-adjustment.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { recentOrdersOf } from '#functions/orders/order/recent-orders.entity';
import { paymentStatusOf, periodOf } from '#functions/orders/order/order.rules';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import type { Product } from '#functions/orders/products/product.schema';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { acceptQuote } from '#functions/orders/quotes/accept-quote.use-case';
import { createQuote } from '#functions/orders/quotes/create-quote.use-case';
import type { QuotesDependencies } from '#functions/orders/quotes/quote.ports';
import { DynamoDbQuoteRepository } from '#functions/orders/quotes/quote.repository';
import { sendQuote } from '#functions/orders/quotes/send-quote.use-case';
import { createShipment } from '#functions/orders/shipments/create-shipment.use-case';
import { fulfilmentStatusOf, hasShipments } from '#functions/orders/shipments/fulfilment.rules';
import type { ShipmentsDependencies } from '#functions/orders/shipments/shipment.ports';
import { DynamoDbShipmentRepository } from '#functions/orders/shipments/shipment.repository';
import { createInvoice } from '#functions/orders/invoices/create-invoice.use-case';
import type { InvoicesDependencies } from '#functions/orders/invoices/invoice.ports';
import { DynamoDbInvoiceRepository } from '#functions/orders/invoices/invoice.repository';
import { voidInvoice } from '#functions/orders/invoices/void-invoice.use-case';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { ErrorCode, isDomainError } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { aggregateKeys, orderKeys, productKeys, RECENT_ORDERS_LIMIT } from '#shared/keys/orders.keys';
import { isTransactionConflict } from '#shared/db/transactions';
import { useLocalStack } from '#test/support/e2e';

/**
 * The money invariants of issue 4, as a property: random waves of order placements, cancellations, shipments,
 * payments and stock adjustments — each wave run CONCURRENTLY against DynamoDB Local through the real use cases
 * and repositories — and after every run, read back from the table:
 *
 * - stock: opening stock + Σ accepted adjustments = stock on hand + Σ quantities of live (not cancelled) orders,
 *   and no stock is ever negative (no overselling);
 * - aggregates: each customer's order value and count per year and month = the sums over its live orders;
 * - receivables: outstanding = Σ balances of live orders; open orders = live orders with a balance;
 * - each order: paid = Σ its payments, balance = total − paid ≥ 0, payment status follows; its summary agrees;
 * - customers: lifetime value = Σ live totals; last order date = the latest order date placed;
 * - shipments (a delivery list of one unit, racing the other writes): never more than ordered per line, an order
 *   with shipments is never cancelled and its status is the one its lines give; stock does NOT move (it was taken at
 *   placement), so the stock equation above holds unchanged;
 * - invoices (an issue of a random amount, a void of the order's first issued invoice, racing the other writes): an
 *   order's `invoicedAmount` is exactly Σ its issued invoices, never above its total; a cancelled order has none
 *   issued; each invoice's net + tax is its amount; exactly the invoices answered 201 exist;
 * - quotes: a sent quote accepted by one or two racing requests becomes exactly one order (the other refused), and
 *   that order keeps every invariant above like a placed one;
 * - what the callers were told: exactly the orders answered 201 exist, exactly the payments and cancellations
 *   answered as done are stored; every refusal is one the rules allow (409 / 404 / 412 / 503), never a 500.
 *
 * Runs: PROPERTY_RUNS (default 20). A failure prints the seed; replay it with PROPERTY_SEED=<seed>.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const SEED = process.env.PROPERTY_SEED === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(process.env.PROPERTY_SEED);

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const ORDER_DATES = ['2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z', '2026-06-15T12:00:00.000Z', undefined] as const;
const PRODUCTS = 3;

type By = 'owner' | 'manager' | 'stranger';
type Command =
  | { kind: 'place'; customer: number; by: By; orderedAt: string | undefined; lines: { product: number; quantity: number; discount: number; override: number | undefined }[] }
  | { kind: 'cancel'; order: number; by: 'owner' | 'manager' }
  | { kind: 'ship'; order: number }
  | { kind: 'shipPart'; order: number; by: 'owner' | 'manager' }
  | { kind: 'pay'; order: number; amount: number | 'balance'; by: 'owner' | 'manager' }
  | { kind: 'adjust'; product: number; delta: number }
  | { kind: 'invoice'; order: number; amount: number | 'rest'; by: 'owner' | 'manager' }
  | { kind: 'voidInvoice'; order: number; by: 'owner' | 'manager' }
  | { kind: 'quote'; customer: number; by: 'owner' | 'manager'; accepts: 1 | 2; lines: { product: number; quantity: number; discountPercent: number }[] };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      customer: fc.integer({ min: 0, max: 1 }),
      by: fc.constantFrom<By>('owner', 'owner', 'manager', 'stranger'),
      orderedAt: fc.constantFrom(...ORDER_DATES),
      lines: fc.array(
        fc.record({
          product: fc.integer({ min: 0, max: PRODUCTS - 1 }),
          quantity: fc.integer({ min: 1, max: 4 }),
          discount: fc.integer({ min: 0, max: 500 }),
          override: fc.option(fc.integer({ min: 500, max: 9_000 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(), by: fc.constantFrom('owner' as const, 'manager' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ship' as const), order: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('shipPart' as const), order: fc.nat(), by: fc.constantFrom('owner' as const, 'manager' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      order: fc.nat(),
      amount: fc.oneof(fc.constant('balance' as const), fc.integer({ min: 1, max: 20_000 })),
      by: fc.constantFrom('owner' as const, 'manager' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      order: fc.nat(),
      amount: fc.oneof(fc.constant('rest' as const), fc.integer({ min: 1, max: 20_000 })),
      by: fc.constantFrom('owner' as const, 'manager' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('voidInvoice' as const), order: fc.nat(), by: fc.constantFrom('owner' as const, 'manager' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      product: fc.integer({ min: 0, max: PRODUCTS - 1 }),
      delta: fc.integer({ min: -6, max: 8 }).filter((delta) => delta !== 0),
    }),
  },
);

const quoteCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('quote' as const),
  customer: fc.integer({ min: 0, max: 1 }),
  by: fc.constantFrom('owner' as const, 'manager' as const),
  accepts: fc.constantFrom(1 as const, 2 as const),
  lines: fc.array(
    fc.record({ product: fc.integer({ min: 0, max: PRODUCTS - 1 }), quantity: fc.integer({ min: 1, max: 4 }), discountPercent: fc.constantFrom(0, 10, 12.5, 33.33, 100) }),
    { minLength: 1, maxLength: 3 },
  ),
});

const scenario = fc.record({
  openingStock: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: PRODUCTS, maxLength: PRODUCTS }),
  prices: fc.array(fc.integer({ min: 500, max: 5_000 }), { minLength: PRODUCTS, maxLength: PRODUCTS }),
  waves: fc.array(fc.array(fc.oneof({ weight: 6, arbitrary: command }, { weight: 1, arbitrary: quoteCommand }), { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 5 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const caller = (username: string): Caller => ({ username, scope: username.startsWith('am') ? 'own' : 'all' });

/** What a refusal may be, per command; anything else (a 500 above all) fails the property. */
const ALLOWED_REFUSALS: Record<Command['kind'], readonly string[]> = {
  place: [ErrorCode.InsufficientStock, ErrorCode.ServiceBusy],
  cancel: [ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.ServiceBusy],
  ship: [ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.ServiceBusy],
  // A cancelled or wholly shipped order, the order moved since its read, all of the line shipped already.
  shipPart: [ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.ShipmentExceedsOrder, ErrorCode.ServiceBusy],
  pay: [ErrorCode.PaymentExceedsBalance, ErrorCode.InvalidTransition, ErrorCode.ServiceBusy],
  adjust: [ErrorCode.InsufficientStock, ErrorCode.ServiceBusy],
  // Over what is left to invoice, a cancelled order, the order moved since its read (the If-Match).
  invoice: [ErrorCode.InvoiceExceedsOrder, ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.ServiceBusy],
  // Voided meanwhile (409 / 412 by the racing void), the order kept moving (503).
  voidInvoice: [ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.ServiceBusy],
  // The losing accept of two racing ones: the quote moved (409 / 412) or the transactions collided (409 ConcurrentChange).
  quote: [ErrorCode.InsufficientStock, ErrorCode.ServiceBusy, ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.ConcurrentChange],
};

describe('orders: money and stock invariants under concurrent writes (property, DynamoDB Local)', () => {
  const ids = ulidGenerator();
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let deps: OrdersDependencies;
  let quoteDeps: QuotesDependencies;
  let shipmentDeps: ShipmentsDependencies;
  let invoiceDeps: InvoicesDependencies;
  let customers: DynamoDbCustomerRepository;

  const raw = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    customers = new DynamoDbCustomerRepository(client, tableName);
    deps = {
      products: new DynamoDbProductRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids,
    };
    quoteDeps = { quotes: new DynamoDbQuoteRepository(client, tableName), orders: deps.orders, idempotency: deps.idempotency, clock: systemClock, ids };
    shipmentDeps = { shipments: new DynamoDbShipmentRepository(client, tableName), orders: deps.orders, idempotency: deps.idempotency, clock: systemClock, ids };
    invoiceDeps = { invoices: new DynamoDbInvoiceRepository(client, tableName), orders: deps.orders, idempotency: deps.idempotency, clock: systemClock, ids };
  });
  afterAll(() => client.destroy());

  const run = async ({ openingStock, prices, waves }: Scenario) => {
    // Prepare: fresh products and customers, so runs never see each other's items.
    const admin = caller('admin');
    const products: Product[] = [];
    for (let index = 0; index < PRODUCTS; index += 1) {
      const input = { code: `PBT-${ids.next().slice(-12)}`, name: `Property ${index}`, unit: 'pcs', unitPrice: cny(prices[index]!), active: true, stockOnHand: openingStock[index]! };
      products.push((await createProduct(deps, { caller: admin, input })).value);
    }
    const owners = ['am1', 'am2'];
    const customerIds: string[] = [];
    for (const ownerId of owners) {
      const id = ids.next();
      const at = new Date().toISOString();
      await customers.create({
        id, customerNo: `PBT-${id.slice(-12)}`, name: `Property ${ownerId}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId,
        tags: [], address: '深圳市南山区 1 号', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
      });
      customerIds.push(id);
    }

    // What the callers were told.
    const received = [...openingStock];
    const placed: OrderDetail[] = [];
    const cancelled = new Set<string>();
    const paymentsTold = new Map<string, number[]>();
    const invoicesTold = new Map<string, string[]>();
    const outcomes: string[] = [];

    const attempt = async (what: Command, work: () => Promise<void>): Promise<void> => {
      try {
        await work();
        outcomes.push(`${what.kind}:ok`);
      } catch (error) {
        const code = isDomainError(error) ? error.code : isTransactionConflict(error) ? ErrorCode.ServiceBusy : undefined;
        if (code === undefined || !ALLOWED_REFUSALS[what.kind].includes(code)) {
          throw new Error(`${JSON.stringify(what)} failed unexpectedly: ${(error as Error).name} ${(error as Error).message}`);
        }
        outcomes.push(`${what.kind}:${code}`);
      }
    };

    // Act: each wave concurrently; cancellations and payments pick among the orders placed in earlier waves.
    for (const wave of waves) {
      const known = [...placed];
      await Promise.all(
        wave.map(async (what) => {
          if (what.kind === 'adjust') {
            return attempt(what, async () => {
              await createStockAdjustment(deps, { caller: admin, productId: products[what.product]!.id, input: { delta: what.delta, reason: 'property' } });
              received[what.product]! += what.delta;
            });
          }
          if (what.kind === 'quote') {
            // A quote drawn up and sent by the owner, then accepted once or by two racing requests: at most one order.
            const customerId = customerIds[what.customer]!;
            const owner = owners[what.customer]!;
            const lines = what.lines.map((line) => ({ productId: products[line.product]!.id, quantity: line.quantity, discountPercent: line.discountPercent }));
            const validUntil = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
            const draft = (await createQuote(quoteDeps, { caller: caller(owner), customerId, input: { lines, validUntil, currency: 'CNY' } })).value;
            await sendQuote(quoteDeps, { caller: caller(owner), quoteId: draft.id, expectedVersion: 1 });
            const by = caller(what.by === 'owner' ? owner : 'sales');
            const settled = await Promise.allSettled(
              Array.from({ length: what.accepts }, () => acceptQuote(quoteDeps, { caller: by, quoteId: draft.id, input: {}, expectedVersion: 2 })),
            );
            const won = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
            expect(won.length).toBeLessThanOrEqual(1);
            for (const result of settled) {
              if (result.status === 'fulfilled') continue;
              await attempt(what, () => Promise.reject(result.reason));
            }
            const stored = (await quoteDeps.quotes.get(draft.id))!;
            if (won[0]) {
              placed.push((await deps.orders.get(won[0].order.id))!);
              outcomes.push('quote:ok');
              expect(stored).toMatchObject({ status: 'accepted', orderId: won[0].order.id });
            } else expect(stored.status).toBe('sent');
            return;
          }
          if (what.kind === 'place') {
            const customerId = customerIds[what.customer]!;
            const owner = owners[what.customer]!;
            const by = what.by === 'owner' ? owner : what.by === 'manager' ? 'sales' : owners[1 - what.customer]!;
            const lines = what.lines.map((line) => ({
              productId: products[line.product]!.id,
              quantity: line.quantity,
              // Never more than the line can bear, whatever the price: the property is about stock and money.
              discount: cny(Math.min(line.discount, line.quantity * Math.min(prices[line.product]!, line.override ?? Infinity))),
              ...(line.override !== undefined && what.by === 'manager' ? { unitPrice: cny(line.override) } : {}),
            }));
            const request = { caller: caller(by), customerId, input: { lines, ...(what.orderedAt ? { orderedAt: what.orderedAt } : {}) } };
            if (what.by === 'stranger') {
              // Another account manager's customer: 404, whatever the stock.
              await expect(createOrder(deps, request)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
              outcomes.push('place:stranger-404');
              return;
            }
            return attempt(what, async () => {
              placed.push((await createOrder(deps, request)).value);
            });
          }
          const target = known.length === 0 ? undefined : known[what.order % known.length]!;
          if (!target) return;
          const owner = owners[customerIds.indexOf(target.customerId)]!;
          if (what.kind === 'shipPart') {
            return attempt(what, async () => {
              const current = (await deps.orders.get(target.id))!;
              const consignee = { name: '王五', phone: '13800000000', address: '深圳市南山区 1 号' };
              await createShipment(shipmentDeps, {
                caller: caller(what.by === 'owner' ? owner : 'sales'),
                orderId: target.id,
                input: { carrier: '顺丰速运', trackingNumber: 'SF0001', consignee, lines: [{ productId: current.lines[0]!.productId, quantity: 1 }] },
                expectedVersion: current.version,
              });
            });
          }
          if (what.kind === 'invoice') {
            return attempt(what, async () => {
              const current = (await deps.orders.get(target.id))!;
              const rest = current.total.amount - (current.invoicedAmount?.amount ?? 0);
              const amount = what.amount === 'rest' ? Math.max(1, rest) : what.amount;
              const issuedAt = new Date().toISOString();
              const { value } = await createInvoice(invoiceDeps, {
                caller: caller(what.by === 'owner' ? owner : 'sales'),
                orderId: target.id,
                input: { type: 'ordinary', taxRate: 13, issuedAt, amount: cny(amount) },
                expectedVersion: current.version,
              });
              invoicesTold.set(target.id, [...(invoicesTold.get(target.id) ?? []), value.id]);
            });
          }
          if (what.kind === 'voidInvoice') {
            const issued = (await invoiceDeps.invoices.list(target.id, { limit: 100 })).items.find((invoice) => invoice.status === 'issued');
            if (!issued) {
              outcomes.push('voidInvoice:none-issued');
              return;
            }
            return attempt(what, async () => {
              await voidInvoice(invoiceDeps, { caller: caller(what.by === 'owner' ? owner : 'sales'), orderId: target.id, invoiceId: issued.id, input: {}, expectedVersion: issued.version });
            });
          }
          if (what.kind === 'ship') {
            return attempt(what, async () => {
              const current = await deps.orders.get(target.id);
              await updateOrder(deps, { caller: caller('sales'), orderId: target.id, input: { status: 'shipped' }, expectedVersion: current!.version });
            });
          }
          if (what.kind === 'cancel') {
            return attempt(what, async () => {
              const current = await deps.orders.get(target.id);
              const by = caller(what.by === 'owner' ? owner : 'sales');
              await updateOrder(deps, { caller: by, orderId: target.id, input: { status: 'cancelled' }, expectedVersion: current!.version });
              cancelled.add(target.id);
            });
          }
          const amount = what.amount === 'balance' ? (await deps.orders.get(target.id))!.balance.amount : what.amount;
          if (amount <= 0) {
            outcomes.push('pay:nothing-owed');
            return;
          }
          return attempt(what, async () => {
            const by = caller(what.by === 'owner' ? owner : 'admin');
            const { value } = await createPayment(deps, { caller: by, orderId: target.id, input: { amount: cny(amount), method: 'bank-transfer' } });
            paymentsTold.set(target.id, [...(paymentsTold.get(target.id) ?? []), amount]);
            expect(value.payments.at(-1)?.amount.amount).toBe(amount);
          });
        }),
      );
    }

    // Assess: read everything back.
    const stored: OrderDetail[] = [];
    for (const customerId of customerIds) {
      let startKey: Record<string, string | number> | undefined;
      do {
        const page = await deps.orders.listByCustomer(customerId, { limit: 100, ...(startKey ? { startKey } : {}) });
        for (const summary of page.items) {
          const order = (await deps.orders.get(summary.id))!;
          // The summary under the customer mirrors the order.
          expect(summary).toMatchObject({ status: order.status, paidAmount: order.paidAmount, balance: order.balance, version: order.version, paymentStatus: order.paymentStatus });
          stored.push(order);
        }
        startKey = page.lastKey;
      } while (startKey);
    }
    const live = stored.filter((order) => order.status !== 'cancelled');
    const context = `outcomes: ${outcomes.join(' ')}`;
    for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);

    // What callers were told is what happened.
    expect(new Set(stored.map((order) => order.id)), context).toEqual(new Set(placed.map((order) => order.id)));
    expect(new Set(stored.filter((order) => order.status === 'cancelled').map((order) => order.id)), context).toEqual(cancelled);
    for (const order of stored) {
      expect(order.payments.map((payment) => payment.amount.amount).sort(), context).toEqual([...(paymentsTold.get(order.id) ?? [])].sort());
    }

    // Stock: received = on hand + sold (live orders), never negative.
    for (const [index, product] of products.entries()) {
      const onHand = Number((await raw(productKeys.item(product.id)))!.stockOnHand);
      const sold = live.flatMap((order) => order.lines).filter((line) => line.productId === product.id).reduce((sum, line) => sum + line.quantity, 0);
      expect(onHand, `product ${index}; ${context}`).toBeGreaterThanOrEqual(0);
      expect(onHand + sold, `product ${index}; ${context}`).toBe(received[index]);
    }

    // Each order: exact to the fen.
    for (const order of stored) {
      const paid = order.payments.reduce((sum, payment) => sum + payment.amount.amount, 0);
      const lines = order.lines.reduce((sum, line) => sum + line.amount.amount, 0);
      expect(order.total.amount).toBe(lines);
      expect(order.paidAmount.amount).toBe(paid);
      expect(order.balance.amount).toBe(order.total.amount - paid);
      expect(order.balance.amount).toBeGreaterThanOrEqual(0);
      expect(order.paymentStatus).toBe(paymentStatusOf(order.total.amount, paid));
      // Invoices: the order's invoiced amount is exactly its issued invoices, within its total; none on a cancelled order.
      const invoices = (await invoiceDeps.invoices.list(order.id, { limit: 100 })).items;
      const issued = invoices.filter((invoice) => invoice.status === 'issued').reduce((sum, invoice) => sum + invoice.amount.amount, 0);
      expect(order.invoicedAmount?.amount ?? 0, context).toBe(issued);
      expect(issued, context).toBeLessThanOrEqual(order.total.amount);
      if (order.status === 'cancelled') expect(issued, context).toBe(0);
      for (const invoice of invoices) expect(invoice.netAmount.amount + invoice.taxAmount.amount).toBe(invoice.amount.amount);
      expect(new Set(invoices.map((invoice) => invoice.id)), context).toEqual(new Set(invoicesTold.get(order.id) ?? []));
      // Shipments: within the lines, and the status follows them.
      for (const line of order.lines) expect(line.shippedQuantity ?? 0).toBeLessThanOrEqual(line.quantity);
      if (hasShipments(order)) expect(order.status, context).toBe(fulfilmentStatusOf(order.lines));
    }

    // Customers, aggregates and receivables.
    for (const customerId of customerIds) {
      const mine = stored.filter((order) => order.customerId === customerId);
      const mineLive = live.filter((order) => order.customerId === customerId);
      const customer = (await raw(customerKeys.item(customerId)))!;
      const sum = (orders: OrderDetail[]) => orders.reduce((total, order) => total + order.total.amount, 0);
      expect((customer.lifetimeValue as { amount: number } | undefined)?.amount ?? 0, context).toBe(sum(mineLive));
      expect(customer.lastOrderAt, context).toBe(mine.map((order) => order.orderedAt).sort().at(-1));
      expect(customer.version).toBe(1);

      for (const year of new Set(mine.map((order) => periodOf(order.orderedAt).year))) {
        const aggregate = (await raw(aggregateKeys.customerOrderValue(year, customerId)))!;
        const ofYear = mineLive.filter((order) => periodOf(order.orderedAt).year === year);
        expect(aggregate.orderValue, `${year}; ${context}`).toBe(sum(ofYear));
        expect(aggregate.orderCount, `${year}; ${context}`).toBe(ofYear.length);
        for (const month of new Set(mine.filter((order) => periodOf(order.orderedAt).year === year).map((order) => periodOf(order.orderedAt).month))) {
          const ofMonth = ofYear.filter((order) => periodOf(order.orderedAt).month === month);
          expect(aggregate[aggregateKeys.monthValueAttribute(month)], `${year}-${month}; ${context}`).toBe(sum(ofMonth));
          expect(aggregate[aggregateKeys.monthCountAttribute(month)], `${year}-${month}; ${context}`).toBe(ofMonth.length);
        }
      }
      const receivables = await raw(aggregateKeys.receivables(customerId));
      expect(receivables?.outstanding ?? 0, context).toBe(mineLive.reduce((total, order) => total + order.balance.amount, 0));
      expect(receivables?.openOrders ?? 0, context).toBe(mineLive.filter((order) => order.balance.amount > 0).length);
      // The balance per order day, from which the receivables report ages balances.
      for (const day of new Set(mine.map((order) => aggregateKeys.receivableDayAttribute(order.orderedAt)))) {
        const ofDay = mineLive.filter((order) => aggregateKeys.receivableDayAttribute(order.orderedAt) === day);
        expect(receivables?.[day] ?? 0, `${day}; ${context}`).toBe(ofDay.reduce((total, order) => total + order.balance.amount, 0));
      }
    }
    // The 360 view's projection: the 20 newest orders of each customer, with their current status and balance.
    for (const customerId of customerIds) {
      const newest = stored
        .filter((order) => order.customerId === customerId)
        .sort((a, b) => (`${a.orderedAt}#${a.id}` < `${b.orderedAt}#${b.id}` ? 1 : -1))
        .slice(0, RECENT_ORDERS_LIMIT)
        .map(({ id, status, balance, paymentStatus }) => ({ id, status, balance, paymentStatus }));
      const projected = recentOrdersOf(await raw(orderKeys.recent(customerId))).map(({ id, status, balance, paymentStatus }) => ({ id, status, balance, paymentStatus }));
      expect(projected, context).toEqual(newest);
    }
    // The summary rows are the only order items under the customers (no orphan, no duplicate).
    expect(stored.length).toBe(new Set(stored.map((order) => orderKeys.item(order.id).pk)).size);
  };

  /** Outcomes over all runs, printed at the end: evidence that the runs reach the refusals, not only the happy path. */
  const tally = new Map<string, number>();

  it(`holds after every run (${RUNS} runs, seed ${SEED})`, async () => {
    console.log(`[orders property] ${RUNS} runs, seed ${SEED} — replay with PROPERTY_SEED=${SEED}`);
    await fc.assert(fc.asyncProperty(scenario, run), {
      numRuns: RUNS,
      seed: SEED,
      // Concurrency makes a failing case non-deterministic: report the first one rather than shrink at length.
      endOnFailure: process.env.PROPERTY_SHRINK !== 'true',
    });
    console.log(`[orders property] outcomes: ${[...tally].sort().map(([outcome, count]) => `${outcome} ×${count}`).join(', ')}`);
  }, 600_000);
});
