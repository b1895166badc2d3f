import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AuditEntry } from '#shared/audit/audit';
import { auditEntryEntity } from '#shared/audit/audit-entry.entity';

/** The `entity` marker of the items that make events (shared/audit/audit-entry.entity.ts). */
export const EVENT_SOURCE_ENTITY = auditEntryEntity.name;

/**
 * The audit entry a stream record inserted, or undefined for every other record: an update or removal (entries are
 * immutable, a TTL removal is not a change), or an item of another type (the business item itself, search terms,
 * counters, markers, ledgers, idempotency records — each change is already told by its entry).
 */
export const auditEntryOfStreamRecord = (record: DynamoDBRecord): AuditEntry | undefined => {
  if (record.eventName !== 'INSERT') return undefined;
  const image = record.dynamodb?.NewImage;
  if (image?.['entity']?.S !== EVENT_SOURCE_ENTITY) return undefined;
  return auditEntryEntity.fromItem(unmarshall(image as Record<string, AttributeValue>));
};

/**
 * The Lambda event-source filter of the stream consumer (lib/constructs/domain-events.ts): only audit entries'
 * INSERTs invoke it, so the business items' own records and every index copy cost no invocation in AWS.
 */
export const STREAM_FILTER_PATTERN = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: [EVENT_SOURCE_ENTITY] } } },
} as const;
