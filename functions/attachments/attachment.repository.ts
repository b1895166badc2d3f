import type { PageKey } from '#shared/http/cursor';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { attachmentEntity } from './attachment.entity';
import { attachmentKeys, liveUnderCustomerQuery } from '#shared/keys/attachment.keys';
import type { Attachment, AttachmentPage, AttachmentRepository } from './attachment.ports';
import type { AttachmentParentType } from './attachment.rules';

const busy = () => new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });

/** Attachment items on DynamoDB: creates and changes are one transaction with their audit entry; lists are one Query. */
export class DynamoDbAttachmentRepository implements AttachmentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(attachment: Attachment, idempotency: IdempotencyClaim | undefined, audit: AuditEvent): Promise<{ kind: 'created' | 'replayed'; attachment: Attachment }> {
    const refused = await transactParts(this.client, [
      part('attachment', { Put: { TableName: this.tableName, Item: attachmentEntity.toItem(attachment), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, attachment))] : []),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    if (!refused) return { kind: 'created', attachment };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<Attachment>(this.client, this.tableName, idempotency);
      if (first) return { kind: 'replayed', attachment: first };
    }
    throw busy();
  }

  async get(attachmentId: string): Promise<Attachment | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: attachmentKeys.item(attachmentId), ConsistentRead: true }));
    return Item ? attachmentEntity.fromItem(Item) : undefined;
  }

  async listOfParent(type: AttachmentParentType, parentId: string, page: { limit: number; startKey?: PageKey | undefined }): Promise<AttachmentPage> {
    const { byParent } = attachmentKeys;
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byParent.index,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :live)',
        ExpressionAttributeNames: { '#pk': byParent.pkAttribute, '#sk': byParent.skAttribute },
        ExpressionAttributeValues: { ':pk': byParent.pk(type, parentId), ':live': attachmentKeys.LIVE_PREFIX },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return { items: (answer.Items ?? []).map((item) => attachmentEntity.fromItem(item)), lastKey: answer.LastEvaluatedKey };
  }

  async listUnderCustomer(customerId: string, limit: number): Promise<readonly Attachment[]> {
    const answer = await this.client.send(new QueryCommand(liveUnderCustomerQuery(this.tableName, customerId, limit)));
    return (answer.Items ?? []).map((item) => attachmentEntity.fromItem(item));
  }

  async softDelete(attachment: Attachment, expectedVersion: number, at: string, by: string, audit: AuditEvent): Promise<void> {
    const deleted: Attachment = { ...attachment, deletedAt: at, deletedBy: by, updatedAt: at, updatedBy: by };
    // The index sort keys move from LIVE# to DELETED#: the lists stop showing it, a merge still finds it.
    const expression = buildUpdateExpression({
      set: { deletedAt: at, deletedBy: by, updatedAt: at, updatedBy: by, ...attachmentEntity.indexAttributes(deleted) },
      increment: { version: 1 },
    });
    const refused = await transactParts(this.client, [
      part(
        'attachment',
        conditionalUpdate(this.tableName, attachmentKeys.item(attachment.id), expression, {
          ConditionExpression: '#cv = :cv AND attribute_not_exists(#deletedAt)',
          names: { '#cv': 'version', '#deletedAt': 'deletedAt' },
          values: { ':cv': expectedVersion },
        }),
      ),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    if (!refused) return;
    const old = refused.old('attachment');
    if (old && old['deletedAt'] === undefined) {
      throw new DomainError(ErrorCode.VersionConflict, `Attachment ${attachment.id} has changed since you read it (now version ${String(old['version'])}); read it again.`);
    }
    throw new DomainError(ErrorCode.AttachmentNotFound, `Attachment ${attachment.id} not found.`);
  }

  async settle(attachment: Attachment, outcome: { status: 'available' | 'rejected'; rejection?: string }, at: string, audit: AuditEvent): Promise<boolean> {
    const expression = buildUpdateExpression({
      set: { status: outcome.status, ...(outcome.rejection ? { rejection: outcome.rejection } : {}), updatedAt: at, updatedBy: audit.actor },
      increment: { version: 1 },
    });
    const refused = await transactParts(this.client, [
      part(
        'attachment',
        conditionalUpdate(this.tableName, attachmentKeys.item(attachment.id), expression, {
          ConditionExpression: '#status = :pending',
          names: { '#status': 'status' },
          values: { ':pending': 'pending' },
        }),
      ),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    return refused === undefined;
  }
}
