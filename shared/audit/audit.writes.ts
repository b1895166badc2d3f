import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { AUDIT_ENTITY_TYPES, type AuditEntityType, type AuditEntry, type AuditEvent } from './audit';
import { auditKeys } from './audit.keys';

type Item = Record<string, unknown>;

const nextEntryId = monotonicFactory();

/** The stored form of an entry: its own partition plus the three views (customer, actor, day). */
export const toAuditItem = (entry: AuditEntry): Item => {
  const sk = auditKeys.sortKey(entry.at, entry.id);
  return {
    ...auditKeys.item(entry.entityType, entry.entityId, entry.at, entry.id),
    entity: 'AuditEntry',
    ...entry,
    changes: entry.changes.map((change) => ({ ...change })),
    ...(entry.customerId
      ? { [auditKeys.byCustomer.pkAttribute]: auditKeys.byCustomer.pk(entry.customerId), [auditKeys.byCustomer.skAttribute]: sk }
      : {}),
    [auditKeys.byActor.pkAttribute]: auditKeys.byActor.pk(entry.actor),
    [auditKeys.byActor.skAttribute]: sk,
    [auditKeys.byDay.pkAttribute]: auditKeys.byDay.pk(entry.at.slice(0, 10)),
    [auditKeys.byDay.skAttribute]: sk,
  };
};

const AUDIT_ENTRY_FIELDS = ['id', 'at', 'actor', 'action', 'entityType', 'entityId', 'customerId', 'entityVersion', 'changes', 'note'] as const;

/** Only the declared fields leave storage, so no key or index attribute can reach a response. */
export const fromAuditItem = (item: Item): AuditEntry =>
  Object.fromEntries(AUDIT_ENTRY_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as AuditEntry;

export const isAuditEntityType = (value: string): value is AuditEntityType =>
  (AUDIT_ENTITY_TYPES as readonly string[]).includes(value);

/** Gives the event its id (a ULID, monotonic within the container). */
export const auditEntryOf = (event: AuditEvent): AuditEntry => ({ ...event, id: nextEntryId() });

/**
 * The audit entry as one element of a TransactWriteItems call: append it to the transaction that makes the
 * change — LAST, so the positions of the other elements (and the cancellation reasons read by index) stay as
 * they are. Never overwrites: an entry is written once.
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

