import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/core/logger';
import { auditEntryOfStreamRecord } from '#shared/events/stream-records';
import { BatchingPublisher } from './batching-publisher';
import type { ChangeRecorder } from './change-feed.ports';
import type { DomainEventBus, DomainEventMetrics } from './domain-events.ports';
import { publishDomainEvent } from './publish-domain-event.use-case';
import { recordChange } from './record-change.use-case';

/** One read of a customer's owner per customer and batch. */
const memoized = (read: (customerId: string) => Promise<string | undefined>) => {
  const seen = new Map<string, Promise<string | undefined>>();
  return (customerId: string): Promise<string | undefined> => {
    let owner = seen.get(customerId);
    if (!owner) {
      owner = read(customerId);
      seen.set(customerId, owner);
      owner.catch(() => seen.delete(customerId));
    }
    return owner;
  };
};

/**
 * The stream consumer for a given bus and change feed: each record through both use cases, in parallel, with
 * Powertools' partial batch failure reporting (`batchItemFailures` by sequence number: the stream retries from the
 * first failed record, bisecting the batch). A record fails when its publication or its recording fails; both are
 * idempotent by the event id, so the retry publishes the same id and records nothing twice. The same function runs
 * in AWS (the event source mapping) and locally (local/stream-reader.ts). `changes` undefined: no change feed (tests
 * of the bus alone). `metrics`: the business metrics of each published event, flushed once per batch (in AWS only:
 * EMF log lines).
 */
export const streamConsumerFor = (bus: DomainEventBus, changes?: ChangeRecorder, metrics?: DomainEventMetrics) => {
  const publisher = new BatchingPublisher(bus);
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const ownerOf = changes ? memoized((customerId) => changes.ownerOf(customerId)) : undefined;
    const recordHandler = async (record: DynamoDBRecord) => {
      // Taken before any await, in the batch's order: a record's later versions are stamped no earlier.
      const recordedAt = new Date();
      const entry = auditEntryOfStreamRecord(record);
      const eventId = record.eventID ?? '';
      try {
        const [published] = await Promise.all([
          publishDomainEvent({ publish: (domainEvent) => publisher.publish(domainEvent) }, entry, eventId),
          changes && ownerOf ? recordChange({ changes, ownerOf }, entry, eventId, recordedAt) : undefined,
        ]);
        if (published) metrics?.count(published);
      } catch (error) {
        logger.warn('domain event not published or not recorded', { eventId: record.eventID, errorMessage: (error as Error).message });
        throw error;
      }
    };
    // A processor per batch: it keeps the batch's failures, and the local reader may run batches of several shards at once.
    try {
      return await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.DynamoDBStreams), context ? { context } : undefined);
    } finally {
      metrics?.flush();
    }
  };
};

/** The change feed on the table named by TABLE_NAME (AWS, and the local stack's process environment). */
export const tableChangeRecorder = async (env: NodeJS.ProcessEnv = process.env): Promise<ChangeRecorder> => {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const [{ createDocumentClient }, { DynamoDbChangeRecorder }] = await Promise.all([import('#shared/db/client'), import('./change-feed.repository')]);
  const client = createDocumentClient({ region: env.AWS_REGION ?? 'us-east-1', endpoint: env.DYNAMODB_ENDPOINT });
  return new DynamoDbChangeRecorder(client, tableName);
};

let consumer: ReturnType<typeof streamConsumerFor> | undefined;

/** Lambda entry (lib/constructs/domain-events.ts): the table's stream, filtered to audit entries' INSERTs. */
export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  if (!consumer) {
    const [{ eventBridgeBus }, changes, { powertoolsMetrics }] = await Promise.all([
      import('./eventbridge-bus'),
      tableChangeRecorder(),
      import('./powertools-metrics'),
    ]);
    consumer = streamConsumerFor(eventBridgeBus(), changes, powertoolsMetrics());
  }
  return consumer(event, context);
};
