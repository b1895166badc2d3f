import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { AUDIT_ENTITY_TYPES, type AuditEntityType, type AuditEntry, type AuditEvent } from './audit';
import type { Item } from '#shared/db/item';
import { auditEntryEntity } from './audit-entry.entity';

const nextEntryId = monotonicFactory();

/** The stored form of an entry (shared/audit/audit-entry.entity.ts). */
export const toAuditItem = (entry: AuditEntry): Item => auditEntryEntity.toItem(entry);

/** Only the declared fields leave storage, so no key or index attribute can reach a response. */
export const fromAuditItem = (item: Item): AuditEntry => auditEntryEntity.fromItem(item);

export const isAuditEntityType = (value: string): value is AuditEntityType =>
  (AUDIT_ENTITY_TYPES as readonly string[]).includes(value);

/** Gives the event its id (a ULID, monotonic within the container). */
export const auditEntryOf = (event: AuditEvent): AuditEntry => ({ ...event, id: nextEntryId() });

/**
 * The audit entry as one element of a TransactWriteItems call: append it, as the `audit` part, last to the
 * transaction that makes the change (shared/db/transactions.ts). Never overwrites: an entry is written once.
 */
export const auditPut = (tableName: string, event: AuditEvent) => ({
  Put: {
    TableName: tableName,
    Item: toAuditItem(auditEntryOf(event)),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * For a change that cannot share a DynamoDB transaction (a Cognito user change): one conditional Put, written
 * right after the change succeeded. Callers say so in their use case's doc comment.
 */
export const writeAuditEntry = async (client: DynamoDBDocumentClient, tableName: string, event: AuditEvent): Promise<AuditEntry> => {
  const entry = auditEntryOf(event);
  await client.send(new PutCommand({ TableName: tableName, Item: toAuditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' }));
  return entry;
};

