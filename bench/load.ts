/**
 * `npm run bench:load`: a bounded, mixed load of the four roles against the whole local system, then a check of
 * the data's invariants through the API. Loopback only: it starts its own DynamoDB Local, cognito-local and
 * gateway on free ports (never 3000/8000/9229, so it runs beside `npm start` or a test run), seeds the demo data
 * like `npm start`, and stops everything it started.
 *
 *   npm run bench:load                      25 s of load, 16 connections
 *   LOAD_DURATION=60 npm run bench:load     another duration (seconds, 5–600)
 *   LOAD_CONNECTIONS=8 npm run bench:load   fewer / more connections in total (4–64), split over the workloads
 *
 * Every workload is one autocannon instance (so autocannon's own throughput and latency are per workload); they
 * run side by side for the same duration. Requests are also tagged by route through autocannon's hooks
 * (`setupRequest` / `onResponse`) so that a workload that chains two routes (read the ETag, then PATCH) reports
 * each route on its own. The bar: no 5xx at all, and every invariant holds — otherwise the exit code is 1.
 * Nothing is asserted about speed (docs/benchmarks.md): the figures are printed, and written by hand into
 * docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import autocannon from 'autocannon';
import { requestApi, type ApiResponse } from '#local/api-client';
import { getTokens } from '#local/cognito-local';
import { localDynamoDbClient } from '#local/local-aws';
import { findFreePorts } from '#local/ports';
import { startLocalStack, type LocalStack } from '#local/stack';
import { describeMachine } from './lib/machine';
import { summarize } from './lib/stats';

const intFromEnv = (name: string, fallback: number, min: number, max: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw}: a whole number from ${min} to ${max}.`);
  return value;
};

const DURATION_S = intFromEnv('LOAD_DURATION', 25, 5, 600);
const CONNECTIONS = intFromEnv('LOAD_CONNECTIONS', 16, 4, 64);
/** The whole run (start, seed, load, checks) gives up after this, whatever happens. */
const DEADLINE_MS = (DURATION_S + 300) * 1000;

// ------------------------------------------------------------------------------------------------ types

interface Money {
  amount: number;
  currency: string;
}
interface Customer {
  id: string;
  customerNo: string;
  ownerId: string;
  version: number;
  level: string;
  region?: string;
  industry?: string;
  credit?: number;
  satisfaction?: number;
  status: string;
}
interface OrderSummary {
  id: string;
  status: string;
  orderedAt: string;
  total: Money;
  lineCount: number;
}
interface Order extends OrderSummary {
  customerId: string;
  lines: { productId: string; quantity: number; amount: Money }[];
  subtotal: Money;
  discountTotal: Money;
  paidAmount: Money;
  balance: Money;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ------------------------------------------------------------------------------------------- statistics

/** Per route (operationId): answers by status, and latencies measured between the hooks. */
class RouteStats {
  readonly byRoute = new Map<string, { statuses: Map<number, number>; latencies: number[] }>();
  record(route: string, status: number, ms: number): void {
    const entry = this.byRoute.get(route) ?? { statuses: new Map<number, number>(), latencies: [] };
    this.byRoute.set(route, entry);
    entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
    entry.latencies.push(ms);
  }
}

/** A request of a workload: what to send next (may depend on what the connection saw), and what to do with the answer. */
interface Step {
  readonly route: string;
  build(context: Record<string, unknown>): { method: string; path: string; body?: unknown; headers?: Record<string, string> } | undefined;
  onAnswer?(status: number, body: string, headers: Record<string, string | string[]>, context: Record<string, unknown>): void;
}

interface Workload {
  readonly name: string;
  readonly as: string;
  readonly connections: number;
  readonly steps: readonly Step[];
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const uniqueSuffix = (): string => randomBytes(5).toString('hex').toUpperCase();

// ------------------------------------------------------------------------------------------------- main

const main = async (): Promise<number> => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // The functions' INFO access logs would be one line per request; warnings and errors (a 5xx logs one) stay.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
  // The data-exfiltration guard (shared/guard/) would lock the readers after 500 customer records in 10 minutes,
  // which this load reaches in seconds. As in `npm run bench`, it still counts every read but never trips.
  process.env['CUSTOMER_READ_LIMIT'] ??= '100000000';
  const [apiPort, dynamoDbPort, cognitoPort, s3Port] = (await findFreePorts(4)) as [number, number, number, number];
  console.log(`starting the local stack (seeded) on 127.0.0.1 ports ${apiPort}/${dynamoDbPort}/${cognitoPort}…`);
  const started = Date.now();
  const machine = describeMachine();
  const stack: LocalStack = await startLocalStack({
    apiPort,
    dynamoDbPort,
    cognitoPort,
    s3Port,
    seed: true,
    tableName: `crm-load-${randomBytes(4).toString('hex')}`,
    log: () => {},
  });
  try {
    console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stack.info.apiUrl}`);
    return await runLoad(stack, `node ${machine.node}, ${machine.cores} cores (${machine.cpuModel}), load average ${machine.loadAverage.map((n) => n.toFixed(1)).join(' / ')} at start`);
  } finally {
    await stack.stop();
  }
};

const runLoad = async (stack: LocalStack, machineNote: string): Promise<number> => {
  const apiUrl = stack.info.apiUrl;
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(apiUrl)) throw new Error(`refusing to load anything but loopback: ${apiUrl}`);
  // One after the other: cognito-local rewrites its pool file on every sign-in (see local/stack.ts).
  const tokens: Record<string, string> = {};
  for (const user of stack.info.users) {
    tokens[user.username] = (await getTokens(stack.info.cognitoEndpoint, stack.info.clientId, user.username, user.password)).idToken;
  }
  const call = async <T>(as: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> =>
    requestApi<T>(`${apiUrl}${path}`, { method, token: tokens[as]!, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const must = async <T>(expected: number, as: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> => {
    const answer = await call<T>(as, method, path, body, headers);
    if (answer.status !== expected) throw new Error(`setup: ${method} ${path} as ${as} → ${answer.status} (expected ${expected}): ${answer.text}`);
    return answer.json;
  };
  const listAll = async <T>(as: string, path: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: Page<T> = await must<Page<T>>(200, as, 'GET', `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  // ---------------------------------------------------------------------------------------------- setup
  const seeded = await listAll<Customer>('admin', '/v1/customers');
  const owned = (owner: string) => seeded.filter((customer) => customer.ownerId === owner && customer.status !== 'lost');
  const am1Customers = owned('am1');
  const am2Customers = owned('am2');
  if (am1Customers.length === 0 || am2Customers.length === 0) throw new Error('setup: the seed has no customers of am1 / am2');
  // Region codes come from the data dictionary: use the ones the seeded customers carry.
  const REGIONS = [...new Set(seeded.flatMap((customer) => (customer.region ? [customer.region] : [])))];
  if (REGIONS.length === 0) throw new Error('setup: no seeded customer has a region');
  // Products of this run only: their stock is moved by nothing but this run's orders and adjustments.
  const OPENING_STOCK = 1_000_000;
  const products: { id: string; code: string }[] = [];
  for (let index = 0; index < 4; index += 1) {
    const code = `LOAD-${uniqueSuffix()}`;
    const product = await must<{ id: string }>(201, 'admin', 'POST', '/v1/products', {
      code,
      name: `Load product ${index + 1}`,
      unit: 'pcs',
      unitPrice: { amount: 1_000 + index * 250, currency: 'CNY' },
      stockOnHand: OPENING_STOCK,
    });
    products.push({ id: product.id, code });
  }
  // Customers that only the update workload writes (their version moves only by its PATCHes), owned by am1.
  const hot: Customer[] = [];
  for (let index = 0; index < 3; index += 1) {
    hot.push(await must<Customer>(201, 'sales', 'POST', '/v1/customers', { name: `Load hot customer ${index + 1}`, level: 'ordinary', ownerId: 'am1', region: REGIONS[0] }));
  }
  const startVersions = new Map(hot.map((customer) => [customer.id, customer.version]));
  // Orders to pay during the run: large totals, small payments.
  const payable: string[] = [];
  for (const customer of am1Customers.slice(0, 3)) {
    const order = await must<Order>(201, 'am1', 'POST', `/v1/customers/${customer.id}/orders`, {
      lines: [{ productId: products[0]!.id, quantity: 500 }],
      deliveryAddress: 'Load test dock 1',
    });
    payable.push(order.id);
  }

  // -------------------------------------------------------------------------------------- workloads
  const stats = new RouteStats();
  type Lines = { productId: string; quantity: number }[];
  const placed = new Map<string, { customerId: string; lines: Lines }>();
  const patched = new Map<string, number>(hot.map((customer) => [customer.id, 0]));
  // Requests sent whose answer the workload never saw: those in flight when autocannon stopped. The server may
  // still have carried them out, so the client-side tallies are bounds: [answered, answered + unanswered].
  let sequence = 0;
  const unansweredOrders = new Map<number, Lines>();
  const unansweredPatches = new Map<number, string>();
  const now = () => new Date().toISOString();
  const LEVELS = ['ordinary', 'key-prospect', 'major', 'partner', 'strategic-partner'];

  const json = (route: string, build: Step['build'], onAnswer?: Step['onAnswer']): Step => ({ route, build, ...(onAnswer ? { onAnswer } : {}) });
  const parse = <T>(body: string): T | undefined => {
    try {
      return JSON.parse(body) as T;
    } catch {
      return undefined;
    }
  };

  const plan: { name: string; as: string; weight: number; steps: Step[] }[] = [
    { name: 'read a customer', as: 'am1', weight: 1, steps: [json('getCustomer', () => ({ method: 'GET', path: `/v1/customers/${pick(am1Customers).id}` }))] },
    { name: 'customer 360 view', as: 'sales', weight: 1, steps: [json('getCustomerOverview', () => ({ method: 'GET', path: `/v1/customers/${pick(seeded).id}/overview` }))] },
    {
      name: 'list customers (q / filters)',
      as: 'exec',
      weight: 1,
      steps: [
        json('listCustomers', () =>
          pick([
            { method: 'GET', path: `/v1/customers?q=${encodeURIComponent(pick(['a', 'b', 'load', 'sh', '北京', 'contoso']))}` },
            { method: 'GET', path: `/v1/customers?level=${pick(LEVELS)}` },
            { method: 'GET', path: `/v1/customers?region=${pick(REGIONS)}&limit=10` },
            { method: 'GET', path: '/v1/customers?ownerId=am2' },
          ]),
        ),
      ],
    },
    { name: 'list orders', as: 'exec', weight: 1, steps: [json('listOrders', () => ({ method: 'GET', path: pick(['/v1/orders?status=placed', '/v1/orders']) }))] },
    { name: 'list follow-ups', as: 'am2', weight: 1, steps: [json('listFollowUps', () => ({ method: 'GET', path: '/v1/follow-ups' }))] },
    {
      name: 'create customers',
      as: 'am1',
      weight: 1,
      steps: [json('createCustomer', () => ({ method: 'POST', path: '/v1/customers', body: { name: `Load customer ${uniqueSuffix()}`, level: pick(LEVELS), region: pick(REGIONS), credit: 1 + Math.floor(Math.random() * 5) } }))],
    },
    {
      name: 'create contacts',
      as: 'am2',
      weight: 1,
      steps: [json('createContact', () => ({ method: 'POST', path: `/v1/customers/${pick(am2Customers).id}/contacts`, body: { name: `Load contact ${uniqueSuffix()}`, email: 'load@example.com' } }))],
    },
    {
      name: 'create activities',
      as: 'am1',
      weight: 1,
      steps: [
        json('createActivity', () => ({
          method: 'POST',
          path: `/v1/customers/${pick(am1Customers).id}/activities`,
          body: { type: pick(['visit', 'call', 'email']), title: 'Load activity', occurredAt: now(), nextFollowUpAt: new Date(Date.now() + 86_400_000).toISOString() },
        })),
      ],
    },
    ...(['am1', 'am2'] as const).map((as) => ({
      name: `place orders (${as})`,
      as,
      weight: as === 'am1' ? 2 : 1,
      steps: [
        json(
          'createOrder',
          (context) => {
            const customer = pick(as === 'am1' ? am1Customers : am2Customers);
            const chosen = [...products].sort(() => Math.random() - 0.5).slice(0, 1 + Math.floor(Math.random() * 3));
            const lines = chosen.map((product) => ({ productId: product.id, quantity: 1 + Math.floor(Math.random() * 3) }));
            const id = (sequence += 1);
            context['pending'] = { id, customerId: customer.id, lines };
            unansweredOrders.set(id, lines);
            return { method: 'POST', path: `/v1/customers/${customer.id}/orders`, body: { lines, deliveryAddress: 'Load test dock 2' } };
          },
          (status, body, _headers, context) => {
            const pending = context['pending'] as { id: number; customerId: string; lines: Lines };
            unansweredOrders.delete(pending.id);
            const order = status === 201 ? parse<Order>(body) : undefined;
            if (order) placed.set(order.id, { customerId: pending.customerId, lines: pending.lines });
          },
        ),
      ],
    })),
    {
      name: 'update customers (If-Match, contended)',
      as: 'sales',
      weight: 3,
      steps: [
        json(
          'getCustomer',
          (context) => {
            context['target'] = pick(hot).id;
            return { method: 'GET', path: `/v1/customers/${String(context['target'])}` };
          },
          (status, _body, headers, context) => {
            context['etag'] = status === 200 ? String(headers['etag'] ?? '') : undefined;
          },
        ),
        json(
          'updateCustomer',
          (context) => {
            if (!context['etag']) return undefined;
            const id = (sequence += 1);
            context['patchId'] = id;
            unansweredPatches.set(id, String(context['target']));
            return {
              method: 'PATCH',
                  path: `/v1/customers/${String(context['target'])}`,
                  headers: { 'if-match': String(context['etag']) },
                  body: pick([{ level: pick(LEVELS) }, { region: pick(REGIONS) }, { satisfaction: 1 + Math.floor(Math.random() * 5) }, { phone: `021-${1000 + Math.floor(Math.random() * 9000)}` }]),
                };
          },
          (status, _body, _headers, context) => {
            unansweredPatches.delete(Number(context['patchId']));
            if (status === 200) patched.set(String(context['target']), patched.get(String(context['target']))! + 1);
          },
        ),
      ],
    },
    {
      name: 'record payments',
      as: 'am1',
      weight: 1,
      steps: [json('createPayment', () => ({ method: 'POST', path: `/v1/orders/${pick(payable)}/payments`, body: { amount: { amount: 100, currency: 'CNY' }, method: 'bank-transfer' } }))],
    },
    {
      name: 'stock adjustments',
      as: 'admin',
      weight: 1,
      steps: [
        json('createStockAdjustment', () => ({
          method: 'POST',
          path: `/v1/products/${pick(products).id}/stock-adjustments`,
          body: { delta: pick([5, 10, -1]), reason: 'load: stock count' },
        })),
      ],
    },
  ];
  // Split the connections by weight, at least one each.
  const totalWeight = plan.reduce((sum, entry) => sum + entry.weight, 0);
  const workloads: Workload[] = plan.map((entry) => ({ ...entry, connections: Math.max(1, Math.round((CONNECTIONS * entry.weight) / totalWeight)) }));

  console.log(`load: ${workloads.reduce((sum, w) => sum + w.connections, 0)} connections over ${workloads.length} workloads for ${DURATION_S} s…`);
  const loadStarted = performance.now();
  const results = await Promise.all(workloads.map((workload) => runWorkload(apiUrl, tokens[workload.as]!, workload, stats)));
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  // autocannon closes its sockets at the end; requests the gateway had already taken still run to completion.
  // Let them land before reading anything back (the slowest answer seen, twice, within 3–30 s).
  const slowest = Math.max(0, ...[...stats.byRoute.values()].flatMap((entry) => entry.latencies));
  const settleMs = Math.min(30_000, Math.max(3_000, 2 * slowest));
  console.log(`load done; settling ${(settleMs / 1000).toFixed(1)} s for requests still in flight…`);
  await new Promise((resolve) => setTimeout(resolve, settleMs));

  // --------------------------------------------------------------------------------------- invariants
  console.log('checking invariants…');
  const failures: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) failures.push(what);
  };
  const checked: string[] = [];

  // Orders: every order has its lines; stock on hand = opening + adjustments − ordered quantities.
  const customers = await listAll<Customer>('admin', '/v1/customers');
  const ordered = new Map<string, number>(products.map((product) => [product.id, 0]));
  let ordersRead = 0;
  const valueByCustomer = new Map<string, { value: number; count: number }>();
  const year = String(new Date().getUTCFullYear());
  for (const customer of customers) {
    for (const summary of await listAll<OrderSummary>('admin', `/v1/customers/${customer.id}/orders`)) {
      const order = await must<Order>(200, 'admin', 'GET', `/v1/orders/${summary.id}`);
      ordersRead += 1;
      check(order.lines.length > 0 && order.lines.length === summary.lineCount, `order ${order.id} has ${order.lines.length} lines (summary says ${summary.lineCount})`);
      const linesTotal = order.lines.reduce((sum, line) => sum + line.amount.amount, 0);
      check(linesTotal === order.subtotal.amount - order.discountTotal.amount || linesTotal === order.subtotal.amount, `order ${order.id}: lines add up to ${linesTotal}, subtotal ${order.subtotal.amount}`);
      check(order.paidAmount.amount + order.balance.amount === order.total.amount || order.status === 'cancelled', `order ${order.id}: paid + balance ≠ total`);
      if (order.status !== 'cancelled') {
        for (const line of order.lines) if (ordered.has(line.productId)) ordered.set(line.productId, ordered.get(line.productId)! + line.quantity);
        if (order.orderedAt.startsWith(year)) {
          const entry = valueByCustomer.get(customer.id) ?? { value: 0, count: 0 };
          entry.value += order.total.amount;
          entry.count += 1;
          valueByCustomer.set(customer.id, entry);
        }
      }
    }
  }
  // Every order the workload saw placed is there, with the lines it sent.
  const clientOrdered = new Map<string, number>(products.map((product) => [product.id, 0]));
  for (const [, order] of placed) for (const line of order.lines) clientOrdered.set(line.productId, clientOrdered.get(line.productId)! + line.quantity);
  const clientUnanswered = new Map<string, number>(products.map((product) => [product.id, 0]));
  for (const lines of unansweredOrders.values()) for (const line of lines) clientUnanswered.set(line.productId, clientUnanswered.get(line.productId)! + line.quantity);
  // The stock adjustments (the opening stock is the first) are read from the table: no route lists them.
  const dynamodb = localDynamoDbClient(stack.info.dynamodbEndpoint);
  const adjusted = new Map<string, number>();
  let adjustmentCount = 0;
  try {
    for (const product of products) {
      let total = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamodb.send(
          new QueryCommand({
            TableName: stack.info.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :adjustment)',
            ExpressionAttributeValues: { ':pk': { S: `PRODUCT#${product.id}` }, ':adjustment': { S: 'ADJUSTMENT#' } },
            ConsistentRead: true,
            ...(startKey ? { ExclusiveStartKey: startKey as never } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          total += Number(unmarshall(item)['delta']);
          adjustmentCount += 1;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      adjusted.set(product.id, total);
    }
  } finally {
    dynamodb.destroy();
  }
  for (const [index, product] of products.entries()) {
    const current = await must<{ stockOnHand: number }>(200, 'admin', 'GET', `/v1/products/${product.id}`);
    const expected = adjusted.get(product.id)! - ordered.get(product.id)!;
    check(current.stockOnHand === expected, `product ${product.code}: stock ${current.stockOnHand}, expected ${expected} (adjustments incl. opening ${adjusted.get(product.id)} − ordered ${ordered.get(product.id)})`);
    // The orders hold what the workload placed (the setup's payable orders are 500 units of the first product),
    // plus at most what was in flight when the load stopped.
    const low = clientOrdered.get(product.id)! + (index === 0 ? 500 * payable.length : 0);
    const high = low + clientUnanswered.get(product.id)!;
    check(ordered.get(product.id)! >= low && ordered.get(product.id)! <= high, `product ${product.code}: the orders hold ${ordered.get(product.id)} units, the workload placed ${low}–${high}`);
  }
  checked.push(
    `stock of ${products.length} products = Σ ${adjustmentCount} adjustments (opening stock included, read from the table) − ${[...ordered.values()].reduce((a, b) => a + b, 0)} units ordered; ` +
      `${ordersRead} orders read back, each with its lines, lines adding up to the subtotal, paid + balance = total; the orders hold what the workload placed (${placed.size} answered 201, ${unansweredOrders.size} unanswered at the stop)`,
  );

  // Versions: each hot customer's version rose by exactly the number of PATCHes answered 200.
  for (const customer of hot) {
    const current = await must<Customer>(200, 'admin', 'GET', `/v1/customers/${customer.id}`);
    const expected = startVersions.get(customer.id)! + patched.get(customer.id)!;
    const inFlight = [...unansweredPatches.values()].filter((target) => target === customer.id).length;
    check(
      current.version >= expected && current.version <= expected + inFlight,
      `customer ${customer.customerNo}: version ${current.version}, expected ${expected}${inFlight ? `–${expected + inFlight}` : ''} (${patched.get(customer.id)} updates answered 200, ${inFlight} unanswered)`,
    );
  }
  checked.push(
    `versions of ${hot.length} contended customers = start + ${[...patched.values()].reduce((a, b) => a + b, 0)} updates answered 200 (+ at most the ${unansweredPatches.size} unanswered at the stop)`,
  );

  // Composition: every dimension's counts equal a recount of the non-archived customers.
  const dimensions = ['level', 'credit', 'satisfaction', 'region', 'industry'] as const;
  for (const dimension of dimensions) {
    const recount = new Map<string, number>();
    for (const customer of customers) {
      const value = customer[dimension];
      const key = value === undefined || value === null ? '(none)' : String(value);
      recount.set(key, (recount.get(key) ?? 0) + 1);
    }
    const report = await must<{ total: number; items: { value: string | null; count: number }[] }>(200, 'exec', 'GET', `/v1/reports/composition?by=${dimension}`);
    const reported = new Map(report.items.map((item) => [item.value === null ? '(none)' : String(item.value), item.count]));
    const keys = new Set([...recount.keys(), ...reported.keys()]);
    for (const key of keys) check((recount.get(key) ?? 0) === (reported.get(key) ?? 0), `composition by ${dimension}, ${key}: report ${reported.get(key) ?? 0}, recount ${recount.get(key) ?? 0}`);
    check(report.total === customers.length, `composition by ${dimension}: total ${report.total}, customers ${customers.length}`);
  }
  checked.push(`composition counts (5 dimensions) = recount of ${customers.length} customers`);

  // Contribution: this year's order value and count per customer = the sum of their orders that are not cancelled.
  const contribution = await must<{ totals: { customers: number }; items: { customerId: string; orderValue: Money; orderCount: number }[] }>(
    200,
    'exec',
    'GET',
    `/v1/reports/contribution?year=${year}&limit=100`,
  );
  const reportedValue = new Map(contribution.items.map((item) => [item.customerId, { value: item.orderValue.amount, count: item.orderCount }]));
  for (const [customerId, recount] of valueByCustomer) {
    const reported = reportedValue.get(customerId);
    check(
      reported !== undefined && reported.value === recount.value && reported.count === recount.count,
      `contribution of ${customerId}: report ${JSON.stringify(reported)}, recount ${JSON.stringify(recount)}`,
    );
  }
  for (const customerId of reportedValue.keys()) check(valueByCustomer.has(customerId), `contribution lists ${customerId}, which has no order this year`);
  checked.push(`contribution ${year} (value and count) of ${valueByCustomer.size} customers = recount of their orders`);

  // ---------------------------------------------------------------------------------------------- report
  const status5xx = [...stats.byRoute.values()].reduce((sum, entry) => sum + [...entry.statuses].filter(([status]) => status >= 500).reduce((s, [, n]) => s + n, 0), 0);
  const transportErrors = results.reduce((sum, result) => sum + result.errors + result.timeouts, 0);
  const totalRequests = [...stats.byRoute.values()].reduce((sum, entry) => sum + entry.latencies.length, 0);
  console.log(`\n_\`npm run bench:load\` · ${new Date().toISOString()} · ${machineNote} · ${DURATION_S} s · ${workloads.reduce((s, w) => s + w.connections, 0)} connections_\n`);
  console.log('| workload | as | connections | requests | throughput | p50 | p99 | answers |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [index, workload] of workloads.entries()) {
    const result = results[index]!;
    const answers = Object.entries(result.statusCodeStats as Record<string, { count: number }>).map(([status, { count }]) => `${status}×${count}`).join(', ');
    console.log(
      `| ${workload.name} | ${workload.as} | ${workload.connections} | ${result.requests.total} | ${(result.requests.total / loadSeconds).toFixed(1)} /s | ` +
        `${result.latency.p50} ms | ${result.latency.p99} ms | ${answers}${result.errors + result.timeouts ? `, errors ${result.errors}, timeouts ${result.timeouts}` : ''} |`,
    );
  }
  console.log('\nBy route (tagged through the hooks):\n');
  console.log('| route | requests | throughput | p50 | p99 | answers by status |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [route, entry] of [...stats.byRoute].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const summary = summarize(entry.latencies);
    const answers = [...entry.statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(', ');
    console.log(`| ${route} | ${entry.latencies.length} | ${(entry.latencies.length / loadSeconds).toFixed(1)} /s | ${summary.p50.toFixed(1)} ms | ${summary.p99.toFixed(1)} ms | ${answers} |`);
  }
  console.log(`\nTotal: ${totalRequests} requests in ${loadSeconds.toFixed(1)} s = ${(totalRequests / loadSeconds).toFixed(1)} requests/s; 5xx: ${status5xx}; transport errors / timeouts: ${transportErrors}.`);
  console.log('\nInvariants checked:');
  for (const line of checked) console.log(`- ${line}`);
  if (failures.length > 0) {
    console.log(`\nBROKEN INVARIANTS (${failures.length}):`);
    for (const failure of failures.slice(0, 50)) console.log(`- ${failure}`);
  } else console.log('- all hold');
  return status5xx > 0 || transportErrors > 0 || failures.length > 0 ? 1 : 0;
};

/** One autocannon instance: `connections` connections cycling through the workload's steps for the duration. */
const runWorkload = (apiUrl: string, token: string, workload: Workload, stats: RouteStats): Promise<autocannon.Result> =>
  new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: apiUrl,
        connections: workload.connections,
        pipelining: 1,
        duration: DURATION_S,
        timeout: 30,
        headers: { authorization: `Bearer ${token}` },
        requests: workload.steps.map((step) => ({
          setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
            const built = step.build(context);
            if (!built) return undefined;
            context['startedAt'] = performance.now();
            return {
              ...request,
              method: built.method,
              path: built.path,
              headers: {
                authorization: `Bearer ${token}`,
                ...(built.body !== undefined ? { 'content-type': 'application/json' } : {}),
                ...built.headers,
              },
              body: built.body !== undefined ? JSON.stringify(built.body) : undefined,
            };
          },
          onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => {
            stats.record(step.route, status, performance.now() - Number(context['startedAt']));
            if (status >= 500) console.error(`5xx: ${step.route} → ${status}: ${body.slice(0, 300)}`);
            step.onAnswer?.(status, body, headers, context);
          },
        })) as unknown as autocannon.Request[],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });

const timer = setTimeout(() => {
  console.error(`bench:load: gave up after ${DEADLINE_MS / 1000} s`);
  process.exit(2);
}, DEADLINE_MS);
timer.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
