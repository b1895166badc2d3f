import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DynamoDbCustomerSearchIndex } from '#functions/customers/search/customer-search.repository';
import { useCustomerSearchDependencies } from '#functions/customers/search/customer-search.container';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerSearchTermEntity, type CustomerSearchTerm } from '#shared/search/customer-search-term.entity';
import { customerSearchTermsOf } from '#shared/search/search-terms.writes';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table, writeGeneratedSection } from '../lib/markdown';
import { ms, ratio, summarize, type Summary } from '../lib/stats';

/**
 * Search (issue 17): what a search costs as the customer base grows, what the index costs a create, and a search
 * through the gateway against a raw GetItem in the same run.
 *
 * Seeding 100k complete customers (five list indexes each) does not finish in minutes on DynamoDB Local
 * (bench/sections/churn.ts), and a search reads only the term partitions its query names — a Query's cost depends
 * on the partition it reads, not on the table. So the loader writes, in batches, the term items of N customers
 * exactly as the customers' own writes would (`customerSearchTermsOf`), for the partitions the queries read:
 * every customer is a "…有限公司" (the hot bigram 有限 holds all N), 1 % are "…石油化工…" (石油 holds N/100), and one
 * phone bucket holds N/10,000 numbers (what 4 random trailing digits give). Owners: 50, so an account manager owns
 * 2 % of each partition.
 */

export interface SearchQueryFigures {
  readonly label: string;
  readonly path: string;
  readonly as: string;
  readonly requests: Readonly<Record<string, number>>;
  readonly capacityUnits: number | undefined;
  readonly items: number;
  readonly truncated: boolean;
  readonly gateway: Summary;
}

export interface SearchSizeFigures {
  readonly customers: number;
  readonly seededItems: number;
  readonly seedSeconds: number;
  readonly queries: readonly SearchQueryFigures[];
  readonly raw: Summary;
}

export interface SearchBenchResult {
  readonly sizes: readonly SearchSizeFigures[];
  readonly create: {
    readonly name: string;
    readonly items: Readonly<Record<string, number>>;
    readonly totalItems: number;
    readonly capacityUnits: number | undefined;
    readonly termBytes: number;
  };
}

const OWNERS = Array.from({ length: 50 }, (_, index) => (index === 0 ? 'am1' : index === 1 ? 'am2' : `owner${index}`));
const SEED_WORKERS = 8;

/** The name of the i-th bench customer, and its terms restricted to the partitions the queries read. */
const customerOf = (id: string, index: number): Customer => ({
  id,
  customerNo: `S${String(index).padStart(7, '0')}`,
  name: index % 100 === 7 ? `北京石油化工${index}有限公司` : `上海${index}有限公司`,
  ownerId: OWNERS[index % OWNERS.length]!,
  ownerName: 'Bench',
  // 1 in 10,000 ends in 8000, as random numbers would.
  phone: `138${String(index).padStart(8, '0')}`,
  level: 'ordinary',
  status: 'active',
  tags: [],
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'bench',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'bench',
});

const QUERIED_PARTITIONS = new Set(['TERM#name#有限', 'TERM#name#石油', 'TERM#name#北京', 'TERM#phone#8000']);

/** The terms of a customer that lie in a partition the queries read. */
const seededTermsOf = (customer: Customer): CustomerSearchTerm[] =>
  customerSearchTermsOf(customer).filter((term) => QUERIED_PARTITIONS.has(customerSearchTermEntity.keyOf(term).pk));

const seedRange = async (client: DynamoDBDocumentClient, tableName: string, from: number, to: number): Promise<number> => {
  const ids = ulidGenerator(seededRandom(from + 1));
  let next = from;
  let written = 0;
  let pending: Record<string, unknown>[] = [];
  const take = (): Record<string, unknown>[] => {
    while (pending.length < 25 && next < to) {
      const index = next;
      next += 1;
      pending.push(...seededTermsOf(customerOf(ids.next(), index)).map(customerSearchTermEntity.toItem));
    }
    const batch = pending.slice(0, 25);
    pending = pending.slice(25);
    return batch;
  };
  await Promise.all(
    Array.from({ length: SEED_WORKERS }, async () => {
      for (let batch = take(); batch.length > 0; batch = take()) {
        written += batch.length;
        let requests: unknown[] = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests as never } }));
          requests = result.UnprocessedItems?.[tableName] ?? [];
        }
      }
    }),
  );
  return written;
};

/** The create transaction of a customer with a 12-character Chinese name: its elements by label, and its WCU. */
const measureCreate = async (client: DynamoDBDocumentClient, tableName: string, counter: DynamoDbRequestCounter): Promise<SearchBenchResult['create']> => {
  const labels: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        for (const element of (args.input as { TransactItems?: Record<string, { Item?: { pk?: string }; Key?: { pk?: string } }>[] }).TransactItems ?? []) {
          const write = Object.values(element)[0];
          const pk = String(write?.Item?.pk ?? write?.Key?.pk ?? '');
          const label = pk.startsWith('TERM#') ? `search term (${pk.split('#')[1]})` : pk.split('#')[0] ?? pk;
          labels[label] = (labels[label] ?? 0) + 1;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchSearchLabels' },
  );
  const name = '北京石油化工集团有限公司';
  const id = ulidGenerator(seededRandom(12)).next();
  const customer: Customer = {
    ...customerOf(id, 12),
    customerNo: `W${Date.now().toString(36).toUpperCase()}`,
    name,
    email: 'purchasing@bjsh.example.cn',
    nationalTaxNo: '91110000100000000X',
    region: 'north-china',
  };
  counter.reset();
  await new DynamoDbCustomerRepository(client, tableName).create(customer);
  const tally = counter.snapshot();
  client.middlewareStack.remove('benchSearchLabels');
  const termBytes = customerSearchTermsOf(customer).reduce((sum, term) => sum + Buffer.byteLength(JSON.stringify(customerSearchTermEntity.toItem(term))), 0);
  return { name, items: labels, totalItems: Object.values(labels).reduce((sum, count) => sum + count, 0), capacityUnits: tally.capacityUnits, termBytes };
};

export const measureSearch = async (
  stack: BenchStack,
  options: { sizes: readonly number[]; samples: number; log: (line: string) => void },
): Promise<SearchBenchResult> => {
  const { tableName } = stack.info;
  const counter = new DynamoDbRequestCounter();
  const client = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  counter.attach(client, { returnConsumedCapacity: true });
  const raw = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  useCustomerSearchDependencies({ index: new DynamoDbCustomerSearchIndex(client, tableName) });
  const call = apiClient(stack.apiUrl, stack.tokens);
  try {
    const create = await measureCreate(client, tableName, counter);
    const probe = expectStatus(await call<{ id: string }>('POST', '/v1/customers', { as: 'admin', body: { name: 'Search bench probe' } }), 201, 'probe');
    const rawGet = () => raw.send(new GetCommand({ TableName: tableName, Key: customerKeys.item(probe.json.id) }));
    const queries = [
      { label: 'hot bigram, all (有限公司)', path: `/v1/search/customers?q=${encodeURIComponent('有限公司')}`, as: 'sales' },
      { label: 'hot bigram, own (有限公司)', path: `/v1/search/customers?q=${encodeURIComponent('有限公司')}`, as: 'am1' },
      { label: '1 % bigram, all (石油化工)', path: `/v1/search/customers?q=${encodeURIComponent('石油化工')}`, as: 'sales' },
      { label: 'exact name, all', path: `/v1/search/customers?q=${encodeURIComponent('北京石油化工集团有限公司')}`, as: 'sales' },
      { label: 'phone, last 4 digits', path: '/v1/search/customers?phone=8000', as: 'sales' },
    ];
    const sizes: SearchSizeFigures[] = [];
    let seeded = 0;
    let seededItems = 0;
    for (const size of options.sizes) {
      const started = performance.now();
      seededItems += await seedRange(client, tableName, seeded, size);
      seeded = size;
      const seedSeconds = (performance.now() - started) / 1000;
      options.log(`bench: search: ${size} customers seeded (${seededItems} term items, ${seedSeconds.toFixed(0)} s)`);
      const figures: SearchQueryFigures[] = [];
      const rawSamples: number[] = [];
      for (const query of queries) {
        counter.reset();
        const first = expectStatus(await call<{ items: unknown[]; truncated: boolean }>('GET', query.path, { as: query.as }), 200, query.label);
        const tally = counter.snapshot();
        const samples: number[] = [];
        for (let sample = 0; sample < options.samples; sample += 1) {
          let at = performance.now();
          expectStatus(await call('GET', query.path, { as: query.as }), 200, query.label);
          samples.push(performance.now() - at);
          at = performance.now();
          await rawGet();
          rawSamples.push(performance.now() - at);
        }
        figures.push({ ...query, requests: tally.commands, capacityUnits: tally.capacityUnits, items: first.json.items.length, truncated: first.json.truncated, gateway: summarize(samples) });
      }
      sizes.push({ customers: size, seededItems, seedSeconds, queries: figures, raw: summarize(rawSamples) });
    }
    return { sizes, create };
  } finally {
    useCustomerSearchDependencies(undefined);
    client.destroy();
    raw.destroy();
  }
};

const requestsOf = (commands: Readonly<Record<string, number>>): string =>
  `${Object.values(commands).reduce((sum, count) => sum + count, 0)} (${Object.entries(commands).map(([name, count]) => `${count} ${name}`).join(', ')})`;

export const renderSearchSection = (result: SearchBenchResult, provenance: string): string => {
  const { create } = result;
  const terms = Object.entries(create.items).filter(([label]) => label.startsWith('search term')).reduce((sum, [, count]) => sum + count, 0);
  return [
    '## Search (issue 17)',
    '',
    provenance,
    '',
    `Write amplification of one customer create with a 12-character Chinese name (${create.name}, with phone, e-mail and tax number):`,
    '',
    table(
      ['transaction elements', 'of which search terms', 'consumed WCU (whole transaction)', 'bytes of the term items'],
      [[create.totalItems, terms, create.capacityUnits ?? 'n/a', create.termBytes]],
    ),
    '',
    `Elements by kind: ${Object.entries(create.items).map(([label, count]) => `${label} ${count}`).join(', ')}.`,
    '',
    'Requests and latency per search as the customer base grows (DynamoDB requests and consumed RCU counted at the SDK; p50/p99 through the local gateway with a real token; raw = a GetItem of one customer by the same client, interleaved):',
    '',
    table(
      ['customers', 'query', 'as', 'DynamoDB requests', 'RCU', 'items', 'truncated', 'gateway p50', 'gateway p99', 'p50 ÷ raw GetItem p50'],
      result.sizes.flatMap((size) =>
        size.queries.map((query) => [
          size.customers,
          query.label,
          query.as,
          requestsOf(query.requests),
          query.capacityUnits === undefined ? 'n/a' : query.capacityUnits.toFixed(1),
          query.items,
          query.truncated ? 'yes' : 'no',
          ms(query.gateway.p50),
          ms(query.gateway.p99),
          ratio(query.gateway.p50, size.raw.p50),
        ]),
      ),
    ),
    '',
    table(
      ['customers', 'term items in the table', 'seeding time', 'raw GetItem p50'],
      result.sizes.map((size) => [size.customers, size.seededItems, `${size.seedSeconds.toFixed(0)} s`, ms(size.raw.p50)]),
    ),
  ].join('\n');
};

export const searchSummary = (result: SearchBenchResult): string[] => [
  `Search: create with a 12-character Chinese name: ${result.create.totalItems} transaction elements, ${result.create.capacityUnits ?? 'n/a'} WCU`,
  ...result.sizes.flatMap((size) =>
    size.queries.map((query) => `  search ${size.customers}: ${query.label} as ${query.as}: ${requestsOf(query.requests)}, p50 ${ms(query.gateway.p50)} (${ratio(query.gateway.p50, size.raw.p50)} raw GetItem)`),
  ),
];

/** The customer-base sizes measured: a search must cost the same at both. */
export const SEARCH_SIZES = [10_000, 100_000] as const;

export const SEARCH_MARKERS = { start: '<!-- bench:search:start -->', end: '<!-- bench:search:end -->' } as const;

/** Writes the search section into its own block of docs/benchmarks.md (kept apart from the main block). */
export const writeSearchSection = async (
  path: string,
  result: SearchBenchResult,
  run: { command: string; machine: { date: string; node: string; cores: number } },
): Promise<void> => {
  const provenance = `_\`${run.command}\` (bench/sections/search.ts) · ${run.machine.date} · node ${run.machine.node}, ${run.machine.cores} cores_`;
  await writeGeneratedSection(path, renderSearchSection(result, provenance), '# Benchmarks\n', SEARCH_MARKERS);
};

/**
 * `BENCH_ONLY=search npm run bench`: only the emulators and this section (a few minutes), refreshing its own block
 * of docs/benchmarks.md; the full run measures it too.
 */
export const runSearchBench = async (options: { samples: number; command: string; onCleanup: (stop: () => Promise<void>) => void; log: (line: string) => void }): Promise<void> => {
  const { startBenchStack } = await import('../lib/bench-stack');
  const { describeMachine } = await import('../lib/machine');
  const machine = describeMachine();
  const stack = await startBenchStack();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stack.stop());
  options.onCleanup(stop);
  try {
    const result = await measureSearch(stack, { sizes: SEARCH_SIZES, samples: Math.max(20, Math.round(options.samples / 10)), log: options.log });
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    await writeSearchSection(path, result, { command: options.command, machine });
    for (const line of searchSummary(result)) options.log(line);
    options.log(`bench: results written to ${path}`);
  } finally {
    await stop();
  }
};
