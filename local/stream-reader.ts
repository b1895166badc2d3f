import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

export interface StreamReaderOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** The same Lambda entry as in AWS (functions/events/publish-domain-events.handler.ts, `streamConsumerFor`). */
  readonly handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  /** `latest` (default): only changes made after the start; `trim-horizon`: everything the stream still holds. */
  readonly startAt?: 'latest' | 'trim-horizon';
  /** Pause between polls of a shard with nothing new, ms (default 50). */
  readonly idleMs?: number;
  /** Attempts of a batch whose records the handler reported failed, before they are logged and skipped (default 5). */
  readonly maxAttempts?: number;
  readonly onError?: (error: unknown) => void;
}

export interface StreamReaderHandle {
  /** Resolves when every record written before the call has been handed to the handler (tests, the bench). */
  drain(): Promise<void>;
  stop(): Promise<void>;
  /** Stream records handed to the handler so far. */
  readonly delivered: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The stream record in the shape a Lambda event source mapping delivers it (seconds, not a Date). */
const lambdaRecordOf = (record: StreamRecord, streamArn: string): DynamoDBRecord =>
  ({
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(new Date(record.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
        : undefined,
    },
  }) as DynamoDBRecord;

/**
 * The local stand-in for the event source mapping: reads DynamoDB Local's stream of the table (the DynamoDB Streams
 * API on the same endpoint), shard by shard, and hands each batch to the same handler as in AWS. Records the handler
 * reports failed (`batchItemFailures`) are handed again from the first failed one, as Lambda does, up to
 * `maxAttempts`; then they are reported to `onError` and skipped (AWS sends them to the mapping's dead-letter queue).
 */
export const startStreamReader = async (table: DynamoDBClient, options: StreamReaderOptions): Promise<StreamReaderHandle> => {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const described = await table.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const idleMs = options.idleMs ?? 50;
  const maxAttempts = options.maxAttempts ?? 5;
  const iterators = new Map<string, string | undefined>();
  const known = new Set<string>();
  let delivered = 0;
  let stopped = false;
  /** Rounds completed by the poll loop: a round that found nothing new means the reader has caught up. */
  let idleRounds = 0;

  const discoverShards = async (iteratorType: 'LATEST' | 'TRIM_HORIZON'): Promise<void> => {
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || known.has(shard.ShardId)) continue;
        known.add(shard.ShardId);
        const iterator = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: iteratorType }));
        iterators.set(shard.ShardId, iterator.ShardIterator);
      }
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  };

  const deliver = async (records: DynamoDBRecord[]): Promise<void> => {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      // A handler that throws failed the whole batch (Powertools throws when every record failed).
      const answer = await options.handler({ Records: pending }).catch((): DynamoDBBatchResponse => ({
        batchItemFailures: pending.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })),
      }));
      const failed = new Set((answer.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      if (failed.size === 0) break;
      const first = pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      const rest = first < 0 ? [] : pending.slice(first);
      if (attempt >= maxAttempts) {
        options.onError?.(new Error(`${rest.length} stream records failed ${attempt} times and were skipped`));
        break;
      }
      pending = rest;
      await sleep(Math.min(1000, 50 * 2 ** attempt));
    }
    delivered += records.length;
  };

  const pollShard = async (shardId: string): Promise<boolean> => {
    const iterator = iterators.get(shardId);
    if (!iterator) return false;
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    iterators.set(shardId, page.NextShardIterator);
    const records = (page.Records ?? []).map((record) => lambdaRecordOf(record, streamArn));
    if (records.length > 0) await deliver(records);
    return records.length > 0;
  };

  await discoverShards(options.startAt === 'trim-horizon' ? 'TRIM_HORIZON' : 'LATEST');
  const loop = (async () => {
    while (!stopped) {
      try {
        // Shards opened since: read from their start (everything in them is new).
        await discoverShards('TRIM_HORIZON');
        const found = await Promise.all([...iterators.keys()].map((shardId) => pollShard(shardId)));
        for (const [shardId, iterator] of iterators) if (!iterator) iterators.delete(shardId);
        if (!found.some(Boolean)) {
          idleRounds += 1;
          await sleep(idleMs);
        }
      } catch (error) {
        if (stopped) break;
        options.onError?.(error);
        await sleep(Math.max(idleMs, 200));
      }
    }
  })();

  return {
    delivered: () => delivered,
    drain: async () => {
      // Two idle rounds after the call: the first may have started before the last write.
      const target = idleRounds + 2;
      while (idleRounds < target && !stopped) await sleep(idleMs / 2);
    },
    stop: async () => {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
};
