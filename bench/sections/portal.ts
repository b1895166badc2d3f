import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getTokens, setPortalPassword } from '#local/cognito-local';
import type { LambdaHandler } from '#local/gateway';
import { createDocumentClient, documentClient } from '#shared/db/client';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack, CapturedInvocation } from '../lib/bench-stack';
import { crmClients, dataOf } from '../lib/crm-client';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { ms, ratio, summarize, type Summary } from '../lib/stats';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';
import { interleavedSamples, readSeries } from '../lib/timing';

/**
 * Issue 21's figures, on the local stack in one run:
 * - `GET /portal/v1/service-requests/{id}` with a real token of the portal pool: its p50 through the local gateway and
 *   in-process (the gateway's event replayed into the handler) against a raw consistent GetItem, interleaved;
 * - the DynamoDB requests (counted at the SDK) of each portal read, for a portal user this process has served before
 *   (warm) and for one it has not (the first request of a user: the session reads the company after the user).
 */
export const PORTAL_MARKERS = { start: '<!-- bench:portal:start -->', end: '<!-- bench:portal:end -->' } as const;
const PASSWORD = 'PortalBench#2026';

interface PortalFigures {
  readonly samples: number;
  readonly requests: readonly { readonly route: string; readonly warm: Readonly<Record<string, number>>; readonly cold?: Readonly<Record<string, number>> }[];
  readonly gateway: Summary;
  readonly handler: Summary;
  readonly raw: Summary;
  readonly history: number;
}

type Crm = ReturnType<typeof crmClients>;

/** A customer of am1 with a contact, invited to the portal and signed in with the portal app client: its ID token. */
const arrangePortalUser = async (stack: BenchStack, crm: Crm, label: string): Promise<{ customerId: string; sub: string; token: string }> => {
  const admin = crm('admin');
  const customer = await dataOf(admin.POST('/v1/customers', { body: { name: `Bench portal ${label} ${randomUUID()}`, ownerId: 'am1' } }), 201, 'create a customer');
  const email = `bench-portal-${label}-${randomUUID()}@example.com`;
  const contact = await dataOf(admin.POST('/v1/customers/{customerId}/contacts', { params: { path: { customerId: customer.id } }, body: { name: '刘洋', email } }), 201, 'create a contact');
  const user = await dataOf(
    admin.POST('/v1/customers/{customerId}/portal-users', { params: { path: { customerId: customer.id } }, body: { contactId: contact.id } }),
    201,
    'invite the contact to the portal',
  );
  await setPortalPassword(stack.info.cognitoEndpoint, stack.info.portalUserPoolId, user.username, PASSWORD);
  const { idToken } = await getTokens(stack.info.cognitoEndpoint, stack.info.portalClientId, user.username, PASSWORD);
  return { customerId: customer.id, sub: user.id, token: idToken };
};

/** A placed order of the customer (one line). */
const arrangeOrder = async (crm: Crm, customerId: string): Promise<string> => {
  const code = `PB-${randomUUID().slice(0, 8).toUpperCase()}`;
  const admin = crm('admin');
  const product = await dataOf(
    admin.POST('/v1/products', { body: { code, name: `Bench ${code}`, unit: 'pcs', unitPrice: { amount: 12_50, currency: 'CNY' }, stockOnHand: 100 } }),
    201,
    'create a product',
  );
  const order = await dataOf(
    admin.POST('/v1/customers/{customerId}/orders', { params: { path: { customerId } }, body: { deliveryAddress: '北京市朝阳区 1 号', lines: [{ productId: product.id, quantity: 2 }] } }),
    201,
    'place an order',
  );
  return order.id;
};

export const measurePortal = async (stack: BenchStack, samples: number): Promise<PortalFigures> => {
  // Set-up through the typed SDK (bench/lib/crm-client.ts); the timed and counted reads stay raw (`call`).
  const staff = crmClients(stack.apiUrl, stack.tokens);
  const mine = await arrangePortalUser(stack, staff, 'warm');
  const fresh = await arrangePortalUser(stack, staff, 'cold');
  const tokens = { ...stack.tokens, portal: mine.token, fresh: fresh.token };
  const crm = crmClients(stack.apiUrl, tokens);
  const call = apiClient(stack.apiUrl, tokens);
  // A request the staff have worked: submitted in the portal, assigned, handled (three steps of public history).
  const submitted = await dataOf(
    crm('portal').POST('/portal/v1/service-requests', { body: { type: 'complaint', title: 'Bench request', request: 'The goods arrived broken.' } }),
    201,
    'submit a request in the portal',
  );
  const serviceId = submitted.id;
  const service = { params: { path: { serviceId } } };
  await dataOf(crm('sales').POST('/v1/services/{serviceId}/assign', { params: { ...service.params, header: { 'If-Match': '"1"' } }, body: { assigneeId: 'am1' } }), 200, 'assign');
  await dataOf(crm('am1').POST('/v1/services/{serviceId}/handle', { params: { ...service.params, header: { 'If-Match': '"2"' } }, body: { handling: 'Replaced the goods.' } }), 200, 'handle');
  const orderId = await arrangeOrder(crm, mine.customerId);
  const freshOrderId = await arrangeOrder(crm, fresh.customerId);

  const path = `/portal/v1/service-requests/${serviceId}`;
  const url = `${stack.apiUrl}${path}`;
  const headers = { authorization: `Bearer ${mine.token}` };
  const handler: LambdaHandler = await stack.handlerOf('portal');
  const captured: Promise<CapturedInvocation> = stack.captureNext('GET /portal/v1/service-requests/{serviceId}');
  const first = expectStatus(await call<{ history: unknown[] }>('GET', path, { as: 'portal' }), 200, 'read the request in the portal');
  const invocation = await captured;
  const rawClient = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  // The raw read: the portal user's own item, the read every portal request starts with.
  const key = { pk: `PORTAL_USER#${mine.sub}`, sk: 'PORTAL_USER' };
  const series = readSeries({
    url,
    headers,
    handler,
    invocation,
    raw: async () => {
      const { Item } = await rawClient.send(new GetCommand({ TableName: stack.info.tableName, Key: key, ConsistentRead: true }));
      if (!Item) throw new Error('raw GetItem found nothing');
    },
  });

  const times = await interleavedSamples(series, samples);
  rawClient.destroy();

  // Counted last, so the counting middleware is not in the timed samples. Each read once, through the gateway (whose
  // handlers run in this process, on the same document client).
  const counter = new DynamoDbRequestCounter();
  counter.attach(documentClient(), { returnConsumedCapacity: false });
  const countOf = async (as: string, route: string, readPath: string): Promise<Record<string, number>> => {
    counter.reset();
    expectStatus(await call('GET', readPath, { as }), 200, `${route} as ${as}`);
    return { ...counter.snapshot().commands };
  };
  const reads = [
    { route: 'GET /portal/v1/service-requests/{id}', path, freshPath: undefined },
    { route: 'GET /portal/v1/orders/{id}', path: `/portal/v1/orders/${orderId}`, freshPath: `/portal/v1/orders/${freshOrderId}` },
    { route: 'GET /portal/v1/me', path: '/portal/v1/me', freshPath: undefined },
    { route: 'GET /portal/v1/service-requests', path: '/portal/v1/service-requests', freshPath: undefined },
    { route: 'GET /portal/v1/orders', path: '/portal/v1/orders', freshPath: undefined },
  ];
  const requests = [];
  for (const read of reads) {
    const warm = await countOf('portal', read.route, read.path);
    // The cold figure first: the fresh user's very first request in this process.
    const cold = read.freshPath ? await countOf('fresh', read.route, read.freshPath) : undefined;
    requests.push({ route: read.route, warm, ...(cold ? { cold } : {}) });
  }
  return {
    samples,
    requests,
    gateway: summarize(times.gateway),
    handler: summarize(times.handler),
    raw: summarize(times.raw),
    history: first.json.history.length,
  };
};

const described = (commands: Readonly<Record<string, number>>): string => {
  const total = Object.values(commands).reduce((sum, count) => sum + count, 0);
  return `**${total}** (${Object.entries(commands).map(([command, count]) => `${command} ${count}`).join(', ')})`;
};

export const renderPortalSection = (figures: PortalFigures, provenance: string): string =>
  [
    '## Customer portal reads (issue 21)',
    '',
    provenance,
    '',
    `\`GET /portal/v1/service-requests/{id}\` with a real ID token of the portal pool (a request with ${figures.history} steps of public history). p50 over ${figures.samples} samples of each series, interleaved round by round, against a consistent GetItem of the portal user's item on the same DynamoDB Local:`,
    '',
    table(
      ['series', 'p50', 'p99', 'p50 ÷ raw GetItem'],
      [
        ['through the local gateway (HTTP + JWT of the portal pool)', ms(figures.gateway.p50), ms(figures.gateway.p99), ratio(figures.gateway.p50, figures.raw.p50)],
        ["handler in-process (the gateway's event replayed)", ms(figures.handler.p50), ms(figures.handler.p99), ratio(figures.handler.p50, figures.raw.p50)],
        ['raw GetItem', ms(figures.raw.p50), ms(figures.raw.p99), '1.00×'],
      ],
    ),
    '',
    'DynamoDB requests per portal read, counted at the SDK (warm: a portal user this process has served before; first: the first request of a user in the process):',
    '',
    table(
      ['read', 'warm', 'first request of the user'],
      figures.requests.map((read) => [`\`${read.route}\``, described(read.warm), read.cold ? described(read.cold) : '—']),
    ),
    '',
    "Every portal request reads the portal user (by the token's `sub`) and their company (archived → 404) consistently. A portal user's customer never changes, so once a process has read the user it reads both in ONE BatchGetItem — with the order itself on `GET /portal/v1/orders/{id}`, which is then one request. The first request of a user in a process reads the user, then the company (one more request). A service request is read with its history, an item collection: a Query, which DynamoDB cannot batch with the session's BatchGetItem — so that read is 2 requests; the lists are the session and one Query; `me` is the session and a GetItem of the contact (the account manager's card comes from the staff pool, not DynamoDB). Measured on a shared 2-core machine at the load above: the latencies are several times a quiet machine's; the request counts do not depend on it.",
  ].join('\n');

/** `BENCH_ONLY=portal npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runPortalBench = (options: SectionRunOptions & { samples: number }): Promise<void> =>
  runBenchSection(
    {
      file: 'bench/sections/portal.ts',
      markers: PORTAL_MARKERS,
      load: true,
      measure: async (stack, log) => {
        const figures = await measurePortal(stack, options.samples);
        log(`bench: portal request read p50 ${ms(figures.handler.p50)} in-process, ${ms(figures.gateway.p50)} gateway, raw ${ms(figures.raw.p50)}`);
        return figures;
      },
      render: renderPortalSection,
    },
    options,
  );
