import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isConditionalCheckFailed, part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, fieldUpdatesOf } from '#shared/db/update-expression';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { exportEntity } from './export.entity';
import { exportKeys } from './export.keys';
import type { ExportJob, ExportProgressChange, ExportRepository } from './export.ports';

/** The export item on DynamoDB: a create transaction (export, idempotency record, audit entry), a GetItem, conditional updates. */
export class DynamoDbExportRepository implements ExportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: ExportJob, idempotency?: IdempotencyClaim, audit?: AuditEvent): Promise<{ kind: 'created' | 'replayed'; job: ExportJob }> {
    const refused = await transactParts(this.client, [
      part('export', { Put: { TableName: this.tableName, Item: exportEntity.toItem(job), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, job))] : []),
      ...(audit ? [part('audit', auditPut(this.tableName, audit))] : []),
    ]);
    if (!refused) return { kind: 'created', job };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<ExportJob>(this.client, this.tableName, idempotency);
      if (first) return { kind: 'replayed', job: first };
    }
    throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
  }

  async get(exportId: string): Promise<ExportJob | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: exportKeys.item(exportId), ConsistentRead: true }));
    return Item ? exportEntity.fromItem(Item) : undefined;
  }

  async advance(job: ExportJob, change: ExportProgressChange, at: string): Promise<ExportJob> {
    const { rows, ...fields } = change;
    const { set, remove } = fieldUpdatesOf({ ...fields, ...(rows === undefined ? {} : { progress: { rows } }) });
    set.updatedAt = at;
    const expression = buildUpdateExpression({ set, remove, increment: { version: 1 } });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: exportKeys.item(job.id),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: '#cv = :cv',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#cv': 'version' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':cv': job.version },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new DomainError(ErrorCode.VersionConflict, `Export ${job.id} changed meanwhile (another run of its job).`);
      throw error;
    }
    const next: Record<string, unknown> = { ...job, ...set, version: job.version + 1 };
    for (const field of remove) delete next[field];
    return next as ExportJob;
  }
}
