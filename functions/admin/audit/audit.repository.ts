import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntityType } from '#shared/audit/audit';
import { auditKeys } from '#shared/audit/audit.keys';
import { auditEntryEntity } from '#shared/audit/audit-entry.entity';
import { customerKeys } from '#shared/keys/customer.keys';
import type { IndexName } from '#shared/db/table-definition';
import type { AuditPage, AuditPageRequest, AuditReader, DayRange, PageKey } from './audit.ports';

interface View {
  readonly index?: IndexName;
  readonly pkAttribute: string;
  readonly skAttribute: string;
  readonly partition: string;
}

/**
 * Sort-key bounds for UTC days. Every audit sort key is `<ISO instant>#<ulid>`: `yyyy-mm-dd` sorts before any
 * instant of that day, and `yyyy-mm-dd~` after all of them (`~` sorts after `T`).
 */
const keyCondition = (range: DayRange | undefined): { expression: string; values: Record<string, string> } => {
  const from = range?.from;
  const to = range?.to === undefined ? undefined : `${range.to}~`;
  if (from !== undefined && to !== undefined) return { expression: ' AND #sk BETWEEN :from AND :to', values: { ':from': from, ':to': to } };
  if (from !== undefined) return { expression: ' AND #sk >= :from', values: { ':from': from } };
  if (to !== undefined) return { expression: ' AND #sk <= :to', values: { ':to': to } };
  return { expression: '', values: {} };
};

/**
 * Reads the audit trail: every view is one Query, newest first (ScanIndexForward=false). Entries leave storage
 * through `auditEntryEntity.fromItem`, which keeps only the declared fields, so no key or index attribute can reach a response.
 * No write here: the trail is written only by the transactions that make the changes (shared/audit/audit.writes.ts).
 */
export class DynamoDbAuditReader implements AuditReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  ofRecord(entityType: AuditEntityType, entityId: string, page: AuditPageRequest): Promise<AuditPage> {
    return this.query({ pkAttribute: 'pk', skAttribute: 'sk', partition: auditKeys.partition(entityType, entityId) }, page);
  }

  ofCustomer(customerId: string, page: AuditPageRequest): Promise<AuditPage> {
    const view = auditKeys.byCustomer;
    return this.query({ index: view.index, pkAttribute: view.pkAttribute, skAttribute: view.skAttribute, partition: view.pk(customerId) }, page);
  }

  ofActor(actor: string, page: AuditPageRequest): Promise<AuditPage> {
    const view = auditKeys.byActor;
    return this.query({ index: view.index, pkAttribute: view.pkAttribute, skAttribute: view.skAttribute, partition: view.pk(actor) }, page);
  }

  ofDay(day: string, page: Omit<AuditPageRequest, 'range'>): Promise<AuditPage> {
    const view = auditKeys.byDay;
    return this.query({ index: view.index, pkAttribute: view.pkAttribute, skAttribute: view.skAttribute, partition: view.pk(day) }, page);
  }

  async customerOwnership(customerId: string): Promise<{ ownerId: string; archived: boolean } | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ProjectionExpression: 'ownerId, deletedAt',
        ConsistentRead: true,
      }),
    );
    if (!item || typeof item.ownerId !== 'string') return undefined;
    return { ownerId: item.ownerId, archived: item.deletedAt !== undefined };
  }

  private async query(view: View, page: AuditPageRequest): Promise<AuditPage> {
    const condition = keyCondition(page.range);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(view.index ? { IndexName: view.index } : { ConsistentRead: true }),
        KeyConditionExpression: `#pk = :pk${condition.expression}`,
        ExpressionAttributeNames: { '#pk': view.pkAttribute, ...(condition.expression ? { '#sk': view.skAttribute } : {}) },
        ExpressionAttributeValues: { ':pk': view.partition, ...condition.values },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(auditEntryEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
