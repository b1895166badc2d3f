import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { streamConsumerFor } from '#functions/events/publish-domain-events.handler';
import { toAuditItem } from '#shared/audit/audit.writes';
import { localDynamoDbClient } from '#local/local-aws';
import { LocalEventBus } from '#local/local-event-bus';
import { startStreamReader } from '#local/stream-reader';
import type { BenchStack } from '../lib/bench-stack';
import { crmClients, dataOf } from '../lib/crm-client';
import { table } from '../lib/markdown';
import { ms, summarize, type Summary } from '../lib/stats';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';
import { loadAndAwait, sampleWriteLatencies } from '../lib/write-arrivals';

/**
 * Domain events (issue 22): write → event latency through the local stack (POST /v1/customers on the gateway → the
 * transaction → DynamoDB Local's stream → the local reader → the consumer → the in-process bus), the events per
 * second the consumer itself sustains (records handed in batches of 100, the bus answering at once), and a count
 * check after a concurrent load: every committed create made exactly one event.
 */
export const EVENT_MARKERS = { start: '<!-- bench:events:start -->', end: '<!-- bench:events:end -->' } as const;
const LATENCY_SAMPLES = Number(process.env['BENCH_EVENTS_SAMPLES'] ?? 50);
const LOAD_WRITES = Number(process.env['BENCH_EVENTS_WRITES'] ?? 200);
const LOAD_CONCURRENCY = 8;
const CONSUMER_RECORDS = 5_000;

export interface EventFigures {
  readonly latency: Summary;
  /** Latency samples whose event never reached the bus (within 30 s). */
  readonly latencyMisses: number;
  readonly load: { writes: number; committed: number; events: number; exactlyOnce: number; missing: number; duplicated: number; seconds: number };
  readonly consumer: { records: number; seconds: number };
  readonly uptime: string;
}

export const measureEvents = async (stack: BenchStack, log: (line: string) => void): Promise<EventFigures> => {
  const { tableName, dynamodbEndpoint } = stack.info;
  const am1 = crmClients(stack.apiUrl, stack.tokens)('am1');
  const bus = new LocalEventBus();
  const arrivals = new Map<string, number[]>();
  bus.onEvent((event) => {
    if (event.type !== 'crm.customer.created') return;
    const seen = arrivals.get(event.data.entityId) ?? [];
    seen.push(performance.now());
    arrivals.set(event.data.entityId, seen);
  });
  const firstArrival = (id: string) => arrivals.get(id)?.[0];
  const client = localDynamoDbClient(dynamodbEndpoint);
  const reader = await startStreamReader(client, { endpoint: dynamodbEndpoint, tableName, handler: streamConsumerFor(bus), idleMs: 10 });
  try {
    // 1. Latency, one write at a time.
    const sampled = await sampleWriteLatencies({
      samples: LATENCY_SAMPLES,
      write: async (sample) => (await dataOf(am1.POST('/v1/customers', { body: { name: `事件延迟测试 ${sample}` } }), 201, 'create')).id,
      firstArrival,
      withinMs: 30_000,
    });
    log(`bench: ${LATENCY_SAMPLES} write → event latencies measured (${sampled.misses} without an event)`);

    // 2. A concurrent load, then the count check.
    const { ids, seconds } = await loadAndAwait({
      writes: LOAD_WRITES,
      concurrency: LOAD_CONCURRENCY,
      write: async (n) => (await am1.POST('/v1/customers', { body: { name: `事件负载测试 ${n}` } })).data?.id,
      firstArrival,
      withinMs: 30_000,
    });
    await reader.drain();
    const counts = ids.map((id) => arrivals.get(id)?.length ?? 0);
    const load = {
      writes: LOAD_WRITES,
      committed: ids.length,
      events: counts.reduce((sum, count) => sum + count, 0),
      exactlyOnce: counts.filter((count) => count === 1).length,
      missing: counts.filter((count) => count === 0).length,
      duplicated: counts.filter((count) => count > 1).length,
      seconds,
    };
    log(`bench: load of ${LOAD_WRITES} creates checked (${load.exactlyOnce} exactly once)`);

    // 3. The consumer alone: records in batches of 100, a bus that answers at once.
    const quiet = new LocalEventBus();
    const consume = streamConsumerFor(quiet);
    const records: DynamoDBRecord[] = Array.from({ length: CONSUMER_RECORDS }, (_, index) => ({
      eventID: `bench-${index}`,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: String(index + 1),
        NewImage: marshall(
          toAuditItem({ id: `01BENCH${String(index).padStart(19, '0')}`, at: new Date().toISOString(), actor: 'am1', action: 'update', entityType: 'customer', entityId: `c${index}`, entityVersion: 2, changes: [{ field: 'name', old: '旧名', new: '新名' }, { field: 'level', old: 'A', new: 'B' }] }),
          { removeUndefinedValues: true },
        ) as never,
      },
    }));
    const consumerBegin = performance.now();
    for (let start = 0; start < records.length; start += 100) await consume({ Records: records.slice(start, start + 100) });
    const consumer = { records: quiet.published, seconds: (performance.now() - consumerBegin) / 1000 };
    return { latency: summarize(sampled.latencies), latencyMisses: sampled.misses, load, consumer, uptime: execFileSync('uptime', { encoding: 'utf8' }).trim() };
  } finally {
    await reader.stop();
    client.destroy();
  }
};

export const renderEventSection = (figures: EventFigures, provenance: string): string =>
  [
    '## Domain events: write → event latency, consumer throughput, exactly one event per write (issue 22)',
    '',
    provenance,
    '',
    'A customer create through the local gateway (am1), until its `crm.customer.created` event reaches the local bus: the transaction, DynamoDB Local\'s stream, the local reader (local/stream-reader.ts, polling every 10 ms when idle), the same consumer as in AWS (functions/events/). The figure stops at the bus (the webhooks section measures on to a subscriber). A write whose event does not come within 30 s is counted as missing, never a crash.',
    '',
    table(
      ['write → event', 'n', 'p50', 'p90', 'p99', 'max', 'no event within 30 s'],
      [['POST /v1/customers → crm.customer.created on the bus', figures.latency.n, ms(figures.latency.p50), ms(figures.latency.p90), ms(figures.latency.p99), ms(figures.latency.max), figures.latencyMisses]],
    ),
    '',
    table(
      ['load', 'committed creates', 'events', 'exactly one event', 'missing', 'more than one', 'end to end'],
      [[`${figures.load.writes} creates, ${LOAD_CONCURRENCY} at a time`, figures.load.committed, figures.load.events, figures.load.exactlyOnce, figures.load.missing, figures.load.duplicated, `${(figures.load.committed / figures.load.seconds).toFixed(1)} events/s (bound by the writes)`]],
    ),
    '',
    table(
      ['consumer alone', 'records', 'time', 'events/s'],
      [['batches of 100 audit-entry INSERTs, an in-process bus answering at once', figures.consumer.records, `${figures.consumer.seconds.toFixed(2)} s`, (figures.consumer.records / figures.consumer.seconds).toFixed(0)]],
    ),
    '',
    `\`uptime\` when measured: \`${figures.uptime}\` (os.loadavg ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores, shared with other work): times are this machine's under that load, not AWS's. In AWS the consumer's bound is PutEvents (10 entries a call) and the mapping's one batch at a time per shard.`,
  ].join('\n');

/** `BENCH_ONLY=events npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runEventBench = (options: SectionRunOptions & { samples?: number }): Promise<void> =>
  runBenchSection(
    { file: 'bench/sections/events.ts', markers: EVENT_MARKERS, measure: measureEvents, render: renderEventSection },
    options,
  );
