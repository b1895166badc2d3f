import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { customerDependencies, useCustomerDependencies } from '#functions/customers/customer/customer.container';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import { documentClient } from '#shared/db/client';
import { buildUpdateExpression } from '#shared/db/update-expression';
import { readCounterEntity } from '#shared/read-guard/read-counter.entity';
import type { CustomerReadGuard, ReadCounterStore } from '#shared/read-guard/customer-read-guard';
import { createCustomerReadGuard } from '#shared/read-guard/read-guard.container';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { summarize, type Summary } from '../lib/stats';

export type ReadGuardSeries = 'off' | 'on' | 'onNoDb' | 'sequential' | 'off+rtt' | 'on+rtt' | 'sequential+rtt';

/** Added to every DynamoDB request in the `+rtt` series: a network round trip to DynamoDB in the same region. */
export const SIMULATED_RTT_MS = 5;

export interface ReadGuardResult {
  readonly route: string;
  readonly user: string;
  readonly warmup: number;
  readonly series: Readonly<Record<ReadGuardSeries, Summary>>;
}

/** Counts nothing: the read path as it was before the guard (the lock check in `authorize` stays, as in production). */
const noGuard: CustomerReadGuard = {
  count: async (_username, records) => ({ tally: { window: 0, current: 0, previous: 0 }, charged: records, atMs: 0 }),
  settle: async () => {},
};

/**
 * The read-path overhead of the data-exfiltration guard: `GET /v1/customers/{id}` invoked in-process (the customers
 * handler with the event the gateway built: no HTTP, no JWT, so the difference is not drowned in transport), three
 * series interleaved round by round in one run:
 * - `off`: no counting (a guard that does nothing);
 * - `on`: the production guard — its UpdateItem runs concurrently with the GetItem (what ships);
 * - `onNoDb`: the production guard with its counter store in memory — the cost of our own code (the rule, the
 *   orchestration, the credit) without the emulator's UpdateItem;
 * - `sequential`: for reference, the same UpdateItem awaited BEFORE the GetItem, with the guard off — what counting
 *   would cost as a sequential round trip.
 * DynamoDB Local is a JVM on the same (small, shared) machine: two "concurrent" requests compete for the same cores,
 * so locally concurrency saves little. In AWS a DynamoDB request is mostly network wait, which overlaps. The `+rtt`
 * series repeat the three with a fixed delay of SIMULATED_RTT_MS before every DynamoDB request (an SDK middleware) —
 * a model of that wait, to show the shape: concurrent ≈ max(), sequential ≈ sum.
 * The bench's CUSTOMER_READ_LIMIT is far above the samples (bench/run.ts), so the guard counts but never trips.
 */
export const measureReadGuard = async (stack: BenchStack, options: { samples: number; user: string }): Promise<ReadGuardResult> => {
  const call = apiClient(stack.apiUrl, stack.tokens);
  const body = { name: 'Read Guard Probe bench', level: 'major', region: 'east-china' };
  const created = expectStatus(await call<{ id: string }>('POST', '/v1/customers', { as: options.user, body }), 201, 'create probe customer');
  const customerId = created.json.id;
  const handler = await stack.handlerOf('customers');
  const captured = stack.captureNext('GET /v1/customers/{customerId}');
  expectStatus(await call('GET', `/v1/customers/${customerId}`, { as: options.user }), 200, 'first read');
  const invocation = await captured;

  const production = customerDependencies();
  const client = documentClient();
  let rttMs = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (rttMs > 0) await new Promise((resolve) => setTimeout(resolve, rttMs));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchSimulatedRtt' },
  );
  const tableName = stack.info.tableName;
  // The guard's own counter update, issued by hand for the sequential reference.
  const countByHand = () =>
    client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: readCounterEntity.keyOf(`bench-sequential-${options.user}`),
        ...buildUpdateExpression({ add: { w0: 1 } }),
        ReturnValues: 'ALL_NEW',
      }),
    );
  const counts = new Map<number, number>();
  const memoryStore: ReadCounterStore = {
    add: async (_username, window, amounts) => {
      counts.set(window, (counts.get(window) ?? 0) + amounts.current);
      return { window, current: counts.get(window) ?? 0, previous: counts.get(window - 1) ?? 0 };
    },
    lock: async () => true,
  };
  const wiring: Record<'off' | 'on' | 'onNoDb' | 'sequential', CustomerDependencies> = {
    off: { ...production, readGuard: noGuard },
    on: production,
    onNoDb: { ...production, readGuard: createCustomerReadGuard({ store: memoryStore }) },
    sequential: {
      ...production,
      readGuard: noGuard,
      customers: {
        ...production.customers,
        list: production.customers.list.bind(production.customers),
        get: async (id) => {
          await countByHand();
          return production.customers.get(id);
        },
      } as CustomerDependencies['customers'],
    },
  };

  const once = async (name: ReadGuardSeries): Promise<number> => {
    rttMs = name.endsWith('+rtt') ? SIMULATED_RTT_MS : 0;
    useCustomerDependencies(wiring[name.replace('+rtt', '') as keyof typeof wiring]);
    const event = structuredClone(invocation.event);
    const context: Context = { ...invocation.context, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 10_000 };
    const started = performance.now();
    const result = (await handler(event, context)) as { statusCode?: number };
    const elapsed = performance.now() - started;
    if (result.statusCode !== 200) throw new Error(`read guard bench: ${name} answered ${String(result.statusCode)}`);
    return elapsed;
  };

  const names: ReadGuardSeries[] = ['off', 'on', 'onNoDb', 'sequential', 'off+rtt', 'on+rtt', 'sequential+rtt'];
  const run = async (rounds: number) => {
    const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<ReadGuardSeries, number[]>;
    for (let round = 0; round < rounds; round += 1) {
      for (let index = 0; index < names.length; index += 1) {
        const name = names[(index + round) % names.length]!;
        samples[name].push(await once(name));
      }
    }
    return samples;
  };
  try {
    const warmup = Math.min(100, Math.max(10, Math.round(options.samples / 10)));
    await run(warmup);
    const samples = await run(options.samples);
    return {
      route: 'GET /v1/customers/{customerId}',
      user: options.user,
      warmup,
      series: Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<ReadGuardSeries, Summary>,
    };
  } finally {
    rttMs = 0;
    client.middlewareStack.remove('benchSimulatedRtt');
    useCustomerDependencies(production);
  }
};

/** The section as Markdown: medians and p99 with the ratios to `off` (or `off+rtt`), all from one run. */
export const renderReadGuardSection = (result: ReadGuardResult, provenance: string): string => {
  const row = (name: ReadGuardSeries, what: string) => {
    const summary = result.series[name];
    const off = result.series[name.endsWith('+rtt') ? 'off+rtt' : 'off'];
    return `| ${name} | ${what} | ${summary.p50.toFixed(2)} ms | ${summary.p99.toFixed(2)} ms | ${(summary.p50 / off.p50).toFixed(2)}× | ${(summary.p99 / off.p99).toFixed(2)}× |`;
  };
  return [
    '### Read guard: overhead on a customer read (issue 8)',
    '',
    provenance,
    '',
    `${result.route} as \`${result.user}\`, handler invoked in-process, ${result.series.off.n} samples per series after ${result.warmup} warm-up rounds, interleaved.`,
    '',
    '| series | what | median | p99 | median vs off | p99 vs off |',
    '| --- | --- | --- | --- | --- | --- |',
    row('off', 'no counting (the read path before the guard)'),
    row('on', 'the guard as shipped: UpdateItem concurrent with the GetItem'),
    row('onNoDb', 'the guard as shipped, its counter store in memory: our own code'),
    row('sequential', 'reference: the same UpdateItem awaited before the GetItem'),
    row('off+rtt', `off, +${SIMULATED_RTT_MS} ms before every DynamoDB request (modelled network round trip)`),
    row('on+rtt', `on, +${SIMULATED_RTT_MS} ms per DynamoDB request`),
    row('sequential+rtt', `sequential, +${SIMULATED_RTT_MS} ms per DynamoDB request`),
    '',
    'How to read it: docs/benchmarks.md, "Read guard overhead" (written by hand, above the generated results).',
  ].join('\n');
};
