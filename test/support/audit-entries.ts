import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntityType, AuditEntry } from '#shared/audit/audit';
import { fromAuditItem } from '#shared/audit/audit.writes';
import { auditKeys } from '#shared/audit/audit.keys';

/**
 * The audit entries of one record on DynamoDB Local, oldest first (one consistent Query of its audit partition):
 * repository tests assert what a write left in the trail — and that a refused write left nothing.
 */
export const auditEntriesOf = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  entityType: AuditEntityType,
  entityId: string,
): Promise<AuditEntry[]> => {
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': auditKeys.partition(entityType, entityId) },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map(fromAuditItem);
};

/** The `changes` of an entry as a field → {old, new} map, for compact assertions. */
export const changesOf = (entry: AuditEntry | undefined): Record<string, { old?: unknown; new?: unknown }> =>
  Object.fromEntries(
    (entry?.changes ?? []).map(({ field, ...values }) => [field, values]),
  );

/** The customer history: every entry of the customer and of the records under it, oldest first (gsi1). */
export const customerAuditEntriesOf = async (client: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<AuditEntry[]> => {
  const index = auditKeys.byCustomer;
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pkAttribute },
      ExpressionAttributeValues: { ':pk': index.pk(customerId) },
    }),
  );
  return (result.Items ?? []).map(fromAuditItem);
};
