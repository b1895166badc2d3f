import { cpus, loadavg } from 'node:os';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { storedAnswersIn } from '#functions/orders/orders.container';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { createOrderReturn } from '#functions/orders/returns/create-order-return.use-case';
import { DynamoDbOrderReturns } from '#functions/orders/returns/order-return.repository';
import type { ReturnsDependencies } from '#functions/orders/returns/return.ports';
import { seededRandom, systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';

/**
 * Order edits (issue 20, part 3): DynamoDB requests of one edit of a placed order's lines (every line's quantity + 1,
 * so every product's stock moves) with 1 and 50 lines, through the use case and its repositories on DynamoDB Local
 * (requests counted at the SDK), by an administrator (no scope read); then the same order shipped, delivered and one
 * unit of every line returned and restocked (issue 20, part 3: returns after delivery).
 */
export const ORDER_EDIT_MARKERS = { start: '<!-- bench:order-edits:start -->', end: '<!-- bench:order-edits:end -->' } as const;
const LINE_COUNTS = [1, 50] as const;
const admin = { username: 'admin', scope: 'all' } as const;
const cny = (amount: number) => ({ amount, currency: 'CNY' });

export interface OrderEditFigures {
  readonly edits: { lines: number; requests: Readonly<Record<string, number>>; ms: number }[];
  readonly returns?: { lines: number; requests: Readonly<Record<string, number>>; ms: number }[];
}

export const measureOrderEdits = async (stack: BenchStack, log: (line: string) => void): Promise<OrderEditFigures> => {
  const { tableName, region, dynamodbEndpoint } = stack.info;
  const client = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const ids = ulidGenerator(seededRandom(2030));
  const deps: OrdersDependencies & ReturnsDependencies = {
    products: new DynamoDbProductRepository(client, tableName),
    orders: new DynamoDbOrderRepository(client, tableName),
    returns: new DynamoDbOrderReturns(client, tableName),
    idempotency: storedAnswersIn(client, tableName),
    clock: systemClock,
    ids,
  };
  const customers = new DynamoDbCustomerRepository(client, tableName);
  const products = [];
  for (let index = 0; index < 50; index += 1) {
    const input = { code: `BE-${ids.next().slice(-10)}`, name: `数控机床配件 ${index + 1} 号`, unit: '件', unitPrice: cny(1_234_56 + index), active: true, stockOnHand: 1_000 };
    products.push((await createProduct(deps, { caller: admin, input })).value);
  }
  const counter = new DynamoDbRequestCounter();
  counter.attach(client, { returnConsumedCapacity: false });
  const edits: OrderEditFigures['edits'] = [];
  const returns: NonNullable<OrderEditFigures['returns']> = [];
  for (const lines of LINE_COUNTS) {
    const customerId = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id: customerId, customerNo: `BE-${customerId.slice(-10)}`, name: `华东精密机械有限公司 ${customerId.slice(-4)}`, level: 'ordinary', status: 'active',
      ownerId: 'am1', ownerName: 'am1', tags: [], address: '上海市浦东新区张江路 88 号', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    });
    const chosen = products.slice(0, lines);
    const placed = (await createOrder(deps, { caller: admin, customerId, input: { lines: chosen.map((product, index) => ({ productId: product.id, quantity: 1 + (index % 5) })) } })).value;
    const input = { lines: chosen.map((product, index) => ({ productId: product.id, quantity: 2 + (index % 5) })) };
    counter.reset();
    const begin = performance.now();
    await updateOrder(deps, { caller: admin, orderId: placed.id, input, expectedVersion: placed.version });
    edits.push({ lines, requests: counter.snapshot().commands, ms: performance.now() - begin });
    log(`bench: edited a ${lines}-line order`);
    // The same order delivered, then one unit of every line returned and restocked.
    for (const [status, version] of [['shipped', 2], ['delivered', 3]] as const) {
      await updateOrder(deps, { caller: admin, orderId: placed.id, input: { status }, expectedVersion: version });
    }
    const returned = { lines: chosen.map((product) => ({ productId: product.id, quantity: 1 })), restock: true, reason: '包装破损' };
    counter.reset();
    const started = performance.now();
    await createOrderReturn(deps, { caller: admin, orderId: placed.id, input: returned, expectedVersion: 4 });
    returns.push({ lines, requests: counter.snapshot().commands, ms: performance.now() - started });
    log(`bench: returned ${lines} lines of a delivered order`);
  }
  client.destroy();
  return { edits, returns };
};

const requestsOf = (requests: Readonly<Record<string, number>>): string =>
  Object.entries(requests)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([command, count]) => `${command} ${count}`)
    .join(', ');

export const renderOrderEditSection = (figures: OrderEditFigures, provenance: string): string =>
  [
    '## Order edits and returns: requests per edit of a placed order and per return after delivery (issue 20)',
    '',
    provenance,
    '',
    "Editing a placed order's lines (functions/orders/order/edit-order.use-case.ts, an administrator, so no scope read; every line's quantity + 1) on DynamoDB Local, requests counted at the SDK: the order with its payments (one Query), the customer, recent orders and products (one BatchGetItem), and ONE transaction — the count does not grow with the lines (the transaction does: 9 + one item per product whose quantity changes).",
    '',
    table(
      ['lines', 'DynamoDB requests', 'total', 'time'],
      figures.edits.map((row) => [row.lines, requestsOf(row.requests), Object.values(row.requests).reduce((sum, count) => sum + count, 0), `${row.ms.toFixed(0)} ms`]),
    ),
    '',
    ...(figures.returns
      ? [
          'A return after delivery of one unit of every line of the same order, restocked (functions/orders/returns/create-order-return.use-case.ts): the order with its payments and returns (one Query) and ONE transaction of at most 12 fixed items + one per product restocked — flat in the lines.',
          '',
          table(
            ['lines returned', 'DynamoDB requests', 'total', 'time'],
            figures.returns.map((row) => [row.lines, requestsOf(row.requests), Object.values(row.requests).reduce((sum, count) => sum + count, 0), `${row.ms.toFixed(0)} ms`]),
          ),
          '',
        ]
      : []),
    `Times vary with the machine's load (os.loadavg ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores when measured); the request counts do not.`,
  ].join('\n');

/** `BENCH_ONLY=order-edits npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runOrderEditBench = (options: SectionRunOptions & { samples?: number }): Promise<void> =>
  runBenchSection(
    { file: 'bench/sections/order-edits.ts', markers: ORDER_EDIT_MARKERS, measure: measureOrderEdits, render: renderOrderEditSection },
    options,
  );
