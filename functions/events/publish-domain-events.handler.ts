import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/core/logger';
import { auditEntryOfStreamRecord } from '#shared/events/stream-records';
import { BatchingPublisher } from './batching-publisher';
import type { DomainEventBus } from './domain-events.ports';
import { publishDomainEvent } from './publish-domain-event.use-case';

/**
 * The stream consumer for a given bus: each record through the use case, in parallel, with Powertools' partial
 * batch failure reporting (`batchItemFailures` by sequence number: the stream retries from the first failed record,
 * bisecting the batch). The same function runs in AWS (the event source mapping) and locally (local/stream-reader.ts).
 */
export const streamConsumerFor = (bus: DomainEventBus) => {
  const publisher = new BatchingPublisher(bus);
  const recordHandler = async (record: DynamoDBRecord) => {
    const entry = auditEntryOfStreamRecord(record);
    try {
      await publishDomainEvent({ publish: (event) => publisher.publish(event) }, entry, record.eventID ?? '');
    } catch (error) {
      logger.warn('domain event not published', { eventId: record.eventID, errorMessage: (error as Error).message });
      throw error;
    }
  };
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> =>
    // A processor per batch: it keeps the batch's failures, and the local reader may run batches of several shards at once.
    processPartialResponse(event, recordHandler, new BatchProcessor(EventType.DynamoDBStreams), context ? { context } : undefined);
};

let consumer: ReturnType<typeof streamConsumerFor> | undefined;

/** Lambda entry (lib/constructs/domain-events.ts): the table's stream, filtered to audit entries' INSERTs. */
export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  if (!consumer) {
    const { eventBridgeBus } = await import('./eventbridge-bus');
    consumer = streamConsumerFor(eventBridgeBus());
  }
  return consumer(event, context);
};
