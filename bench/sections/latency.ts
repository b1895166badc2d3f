import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerDependencies, useCustomerDependencies } from '#functions/customers/customer/customer.container';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import type { CustomerRepository, StoredCustomer } from '#functions/customers/customer/customer.ports';
import { createCustomerReadGuard } from '#shared/read-guard/read-guard.container';
import type { LambdaHandler } from '#local/gateway';
import { createJwtAuthorizer } from '#local/jwt-authorizer';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack, CapturedInvocation } from '../lib/bench-stack';
import { ms, ratio, summarize, type Summary } from '../lib/stats';
import { freshContext, timed } from '../lib/timing';

/**
 * One way of reading the customer. Only `run` is timed: `before` and `after` prepare and restore what a
 * sample needs (a fresh copy of the event, the dependencies to use) outside the measurement.
 */
interface Probe {
  before?(): void;
  run(): Promise<void>;
  after?(): void;
}

export type SeriesName = 'gateway' | 'handler' | 'handlerNoDb' | 'jwt' | 'raw';

export interface LatencyResult {
  readonly route: string;
  readonly user: string;
  readonly warmup: number;
  /** One request at a time, the series interleaved round by round. */
  readonly sequential: Readonly<Record<SeriesName, Summary>>;
  /** `concurrency` workers, each alternating a gateway GET and a raw GetItem. */
  readonly concurrent: { readonly concurrency: number; readonly gateway: Summary; readonly raw: Summary };
}

const timedProbe = async (probe: Probe): Promise<number> => {
  probe.before?.();
  try {
    return await timed(probe.run);
  } finally {
    probe.after?.();
  }
};

const notUsed = (): never => {
  throw new Error('not used by the latency bench');
};

/** A repository that answers `get` from memory: what is left of the handler is our code, not DynamoDB. */
const inMemoryRepository = (customer: StoredCustomer): CustomerRepository => ({
  get: async () => customer,
  create: notUsed,
  update: notUsed,
  archive: notUsed,
  restore: notUsed,
  feed: notUsed,
  transfer: notUsed,
  list: notUsed,
});

/** Replays the gateway's event straight into the handler: the function's work without HTTP and JWT. */
const directInvocation = (handler: LambdaHandler, invocation: CapturedInvocation, hooks: Partial<Probe> = {}): Probe => {
  let event = invocation.event;
  let context = invocation.context;
  return {
    before: () => {
      hooks.before?.();
      // middy normalises headers and attaches its state to the event: every sample gets its own copy.
      event = structuredClone(invocation.event);
      context = freshContext(invocation.context);
    },
    run: async () => {
      const result = (await handler(event, context)) as { statusCode?: number };
      if (result.statusCode !== 200) throw new Error(`handler answered ${String(result.statusCode)}`);
    },
    ...(hooks.after ? { after: hooks.after } : {}),
  };
};

const probes = async (stack: BenchStack, user: string, customerId: string) => {
  const token = stack.tokens[user]!;
  const url = `${stack.apiUrl}/v1/customers/${customerId}`;
  const headers = { authorization: `Bearer ${token}` };
  // The client a function would build: same factory, region and endpoint as the production wiring.
  const rawClient = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  const authorize = createJwtAuthorizer({ issuer: stack.info.issuer, audience: [stack.info.clientId] });
  const handler = await stack.handlerOf('customers');

  // One real request through the gateway, copied as the gateway handed it to the function.
  const captured: Promise<CapturedInvocation> = stack.captureNext('GET /v1/customers/{customerId}');
  const first = await fetch(url, { headers });
  await first.arrayBuffer();
  const invocation = await captured;

  const production = customerDependencies();
  const stored = await production.customers.get(customerId);
  if (!stored) throw new Error('the probe customer is missing');
  // "Our code alone" includes the read guard's code but not its counter UpdateItem: its store answers from memory too.
  const counts = new Map<number, number>();
  const withoutDb: CustomerDependencies = {
    ...production,
    customers: inMemoryRepository(stored),
    readGuard: createCustomerReadGuard({
      store: {
        add: async (_username, window, amounts) => {
          counts.set(window, (counts.get(window) ?? 0) + amounts.current);
          return { window, current: counts.get(window) ?? 0, previous: counts.get(window - 1) ?? 0 };
        },
        lock: async () => true,
      },
    }),
  };

  const series: Record<SeriesName, Probe> = {
    gateway: {
      run: async () => {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`gateway GET answered ${response.status}`);
      },
    },
    handler: directInvocation(handler, invocation),
    handlerNoDb: directInvocation(handler, invocation, {
      before: () => useCustomerDependencies(withoutDb),
      after: () => useCustomerDependencies(production),
    }),
    jwt: {
      run: async () => {
        const verdict = await authorize(`Bearer ${token}`);
        if (!verdict.ok) throw new Error(`token refused: ${verdict.reason}`);
      },
    },
    raw: {
      run: async () => {
        const { Item } = await rawClient.send(
          new GetCommand({ TableName: stack.info.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }),
        );
        if (!Item) throw new Error('raw GetItem found no item');
      },
    },
  };
  return { series, close: () => rawClient.destroy() };
};

/** Round-robin over the series, starting one further each round, so drift and noise spread evenly. */
const interleaved = async (series: Record<SeriesName, Probe>, rounds: number): Promise<Record<SeriesName, number[]>> => {
  const names = Object.keys(series) as SeriesName[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<SeriesName, number[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (let index = 0; index < names.length; index += 1) {
      const name = names[(index + round) % names.length]!;
      samples[name].push(await timedProbe(series[name]));
    }
  }
  return samples;
};

/** `concurrency` workers; each alternates gateway and raw (order flipped every iteration). */
const concurrentPairs = async (gateway: Probe, raw: Probe, concurrency: number, perWorker: number) => {
  const samples = { gateway: [] as number[], raw: [] as number[] };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; iteration < perWorker; iteration += 1) {
        const order = (worker + iteration) % 2 === 0 ? (['gateway', 'raw'] as const) : (['raw', 'gateway'] as const);
        for (const name of order) samples[name].push(await timedProbe(name === 'gateway' ? gateway : raw));
      }
    }),
  );
  return samples;
};

/**
 * p50/p99 of `GET /v1/customers/{id}` through the local gateway against a raw GetItem of the same item on the
 * same DynamoDB Local, in one run. Three more series split the difference: the handler invoked in-process with
 * the event the gateway built (no HTTP, no JWT), the same with the repository answering from memory (our code
 * alone), and the gateway's JWT verification alone. The function runs with its production wiring
 * (useCustomerDependencies reset): no counting middleware.
 */
export const measureLatency = async (
  stack: BenchStack,
  options: { samples: number; concurrency: number; user: string },
): Promise<LatencyResult> => {
  const call = apiClient(stack.apiUrl, stack.tokens);
  const body = { name: 'Latency Probe bench', level: 'major', region: 'east-china' };
  const created = expectStatus(await call<{ id: string }>('POST', '/v1/customers', { as: options.user, body }), 201, 'create probe customer');
  const { series, close } = await probes(stack, options.user, created.json.id);
  try {
    const warmup = Math.min(100, Math.max(10, Math.round(options.samples / 10)));
    await interleaved(series, warmup);
    const sequential = await interleaved(series, options.samples);

    const perWorker = Math.ceil(options.samples / options.concurrency);
    await concurrentPairs(series.gateway, series.raw, options.concurrency, Math.ceil(warmup / options.concurrency));
    const concurrent = await concurrentPairs(series.gateway, series.raw, options.concurrency, perWorker);
    return {
      route: 'GET /v1/customers/{customerId}',
      user: options.user,
      warmup,
      sequential: {
        gateway: summarize(sequential.gateway),
        handler: summarize(sequential.handler),
        handlerNoDb: summarize(sequential.handlerNoDb),
        jwt: summarize(sequential.jwt),
        raw: summarize(sequential.raw),
      },
      concurrent: { concurrency: options.concurrency, gateway: summarize(concurrent.gateway), raw: summarize(concurrent.raw) },
    };
  } finally {
    close();
  }
};

/** The sequential and concurrent series as two compact Markdown tables (`BENCH_READ_PATH=1 npm run bench:read-guard`). */
export const renderLatencyTables = (result: LatencyResult): string => {
  const { raw } = result.sequential;
  const line = (name: string, summary: Summary, baseline?: Summary) =>
    `| ${name} | ${ms(summary.p50)} | ${ms(summary.p90)} | ${ms(summary.p99)} | ${summary.n} | ` +
    `${baseline ? `${ratio(summary.p50, baseline.p50)} / ${ratio(summary.p99, baseline.p99)}` : ''} |`;
  const header = '| series | p50 | p90 | p99 | n | vs raw GetItem (p50 / p99) |\n| --- | --- | --- | --- | --- | --- |';
  return [
    `${result.route} as ${result.user}, ${result.warmup} warm-up rounds, sequential:`,
    '',
    header,
    line('gateway', result.sequential.gateway, raw),
    line('handler in-process', result.sequential.handler, raw),
    line('handler, repository in memory', result.sequential.handlerNoDb),
    line('JWT verification alone', result.sequential.jwt),
    line('raw GetItem', raw),
    '',
    `Concurrency ${result.concurrent.concurrency}:`,
    '',
    header,
    line('gateway', result.concurrent.gateway, result.concurrent.raw),
    line('raw GetItem', result.concurrent.raw),
  ].join('\n');
};
