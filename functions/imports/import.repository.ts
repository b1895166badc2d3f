import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isConditionalCheckFailed, part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, fieldUpdatesOf } from '#shared/db/update-expression';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { importChunkEntity, importEntity, importRowEntity } from './import.entity';
import { importKeys } from './import.keys';
import type { ChunkOutcome, ImportJob, ImportRepository, WrittenRecord } from './import.ports';
import type { ImportRowView } from './import.schema';

/** Row reports are written this many at a time (independent Puts, each idempotent by its key). */
const ROW_WRITE_CONCURRENCY = 16;

export class DynamoDbImportRepository implements ImportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: ImportJob, idempotency?: IdempotencyClaim, audit?: AuditEvent): Promise<{ kind: 'created' | 'replayed'; job: ImportJob }> {
    const refused = await transactParts(this.client, [
      part('import', { Put: { TableName: this.tableName, Item: importEntity.toItem(job), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, job))] : []),
      ...(audit ? [part('audit', auditPut(this.tableName, audit))] : []),
    ]);
    if (!refused) return { kind: 'created', job };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<ImportJob>(this.client, this.tableName, idempotency);
      if (first) return { kind: 'replayed', job: first };
    }
    throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
  }

  async get(importId: string): Promise<ImportJob | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: importKeys.item(importId), ConsistentRead: true }));
    return Item ? importEntity.fromItem(Item) : undefined;
  }

  async advance(job: ImportJob, changes: Parameters<ImportRepository['advance']>[1], at: string, audit?: AuditEvent): Promise<ImportJob> {
    const { set } = fieldUpdatesOf(changes);
    set.updatedAt = at;
    const expression = buildUpdateExpression({ set, increment: { version: 1 } });
    const update = {
      TableName: this.tableName,
      Key: importKeys.item(job.id),
      UpdateExpression: expression.UpdateExpression,
      ConditionExpression: '#cv = :cv',
      ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#cv': 'version' },
      ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':cv': job.version },
    };
    const conflict = () => new DomainError(ErrorCode.VersionConflict, `Import ${job.id} changed meanwhile (another run of its job).`);
    if (audit) {
      // A caller's move (revert): the entry shares the import's transaction.
      const refused = await transactParts(this.client, [part('import', { Update: update }), part('audit', auditPut(this.tableName, audit))]);
      if (refused?.has('import')) throw conflict();
      if (refused) throw refused.error;
    } else {
      try {
        await this.client.send(new UpdateCommand(update));
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw conflict();
        throw error;
      }
    }
    return { ...job, ...(set as Partial<ImportJob>), updatedAt: at, version: job.version + 1 };
  }

  async saveRows(importId: string, rows: readonly ImportRowView[], ttl: number): Promise<void> {
    for (let start = 0; start < rows.length; start += ROW_WRITE_CONCURRENCY) {
      await Promise.all(
        rows.slice(start, start + ROW_WRITE_CONCURRENCY).map((row) =>
          this.client.send(new PutCommand({ TableName: this.tableName, Item: importRowEntity.toItem({ ...row, importId, ttl }) })),
        ),
      );
    }
  }

  async saveChunk(importId: string, outcome: ChunkOutcome, ttl: number): Promise<void> {
    await this.saveRows(importId, outcome.rows, ttl);
    if (outcome.created.length + outcome.updated.length === 0) return;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: importChunkEntity.toItem({ importId, firstLine: outcome.firstLine, created: outcome.created, updated: outcome.updated, ttl }),
      }),
    );
  }

  async listRows(importId: string, status: ImportRowView['status'], page: { limit: number; startKey?: Record<string, string | number> }) {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': importKeys.item(importId).pk, ':prefix': importKeys.rowPrefix(status) },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    const items = (answer.Items ?? []).map((item) => {
      const { importId: _importId, ttl: _ttl, ...row } = importRowEntity.fromItem(item);
      return row;
    });
    return { items, ...(answer.LastEvaluatedKey ? { lastKey: answer.LastEvaluatedKey as Record<string, string> } : {}) };
  }

  async listChunks(importId: string, afterKey: string | undefined, limit: number) {
    const pk = importKeys.item(importId).pk;
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: afterKey ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND begins_with(sk, :from)',
        ExpressionAttributeValues: afterKey
          ? { ':pk': pk, ':from': `${afterKey}\u0000`, ':to': `${importKeys.chunkPrefix}\uffff` }
          : { ':pk': pk, ':from': importKeys.chunkPrefix },
        Limit: limit,
      }),
    );
    return (answer.Items ?? []).map((item) => {
      const chunk = importChunkEntity.fromItem(item);
      return { key: item.sk as string, created: [...chunk.created] as WrittenRecord[], updated: [...chunk.updated] as WrittenRecord[] };
    });
  }
}
