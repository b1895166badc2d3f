import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isConditionalCheckFailed, part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, fieldUpdatesOf } from '#shared/db/update-expression';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { bulkUpdateJobEntity, bulkUpdateJobKeys, publicBulkUpdateJobOf, type StoredBulkUpdateJob } from './bulk-update-job.entity';
import type { BulkJobAdvance, BulkJobRepository } from './bulk.ports';

/** The bulk-update job on DynamoDB: a create transaction (job, idempotency record, audit entry), a GetItem, conditional updates. */
export class DynamoDbBulkJobRepository implements BulkJobRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: StoredBulkUpdateJob, idempotency?: IdempotencyClaim): Promise<{ kind: 'created' | 'replayed'; job: StoredBulkUpdateJob }> {
    const refused = await transactParts(this.client, [
      part('job', { Put: { TableName: this.tableName, Item: bulkUpdateJobEntity.toItem(job), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, publicBulkUpdateJobOf(job)))] : []),
      // Who asked for which selection and changes; each customer's change carries its own entry.
      part('audit', auditPut(this.tableName, {
        at: job.createdAt,
        actor: job.createdBy,
        action: 'create',
        entityType: 'customer-bulk-update',
        entityId: job.id,
        entityVersion: job.version,
        changes: changesBetween(undefined, { filter: job.filter, changes: job.changes }),
      })),
    ]);
    if (!refused) return { kind: 'created', job };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<StoredBulkUpdateJob>(this.client, this.tableName, idempotency);
      if (first) return { kind: 'replayed', job: first };
    }
    throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
  }

  async get(jobId: string): Promise<StoredBulkUpdateJob | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: bulkUpdateJobKeys.item(jobId), ConsistentRead: true }));
    return Item ? bulkUpdateJobEntity.fromItem(Item) : undefined;
  }

  async advance(job: StoredBulkUpdateJob, change: BulkJobAdvance, at: string): Promise<StoredBulkUpdateJob> {
    const { set, remove } = fieldUpdatesOf({ ...change, updatedAt: at });
    const expression = buildUpdateExpression({ set, remove, increment: { version: 1 } });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: bulkUpdateJobKeys.item(job.id),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: '#cv = :cv',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#cv': 'version' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':cv': job.version },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new DomainError(ErrorCode.VersionConflict, `Bulk update ${job.id} moved on meanwhile (another run of its job).`);
      throw error;
    }
    const next: Record<string, unknown> = { ...job, ...set, version: job.version + 1 };
    for (const field of remove) delete next[field];
    return next as StoredBulkUpdateJob;
  }
}
