import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import type { Actor } from '#functions/customers/customer/customer.ports';
import { mergeEntity, type StoredMerge } from './merge.entity';
import { mergeKeys } from './merge.keys';
import type { MergeResumeRepository } from './merge.ports';

/** A stalled merge marked resumed, with its audit entry, in one transaction (merge.ports.ts, MergeResumeRepository). */
export class DynamoDbMergeResumeRepository implements MergeResumeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async resume(merge: StoredMerge, actor: Actor, stalledBefore: string): Promise<StoredMerge> {
    const refused = await transactParts(this.client, [
      part('merge', conditionalUpdate(this.tableName, mergeKeys.item(merge.id), buildUpdateExpression({
        set: { resumedAt: actor.at, resumedBy: actor.username, updatedAt: actor.at },
        increment: { version: 1 },
      }), {
        ConditionExpression: '#rversion = :rversion AND #rstatus IN (:rrunning, :rreverting) AND #rupdated < :rbefore',
        names: { '#rversion': 'version', '#rstatus': 'status', '#rupdated': 'updatedAt' },
        values: { ':rversion': merge.version, ':rrunning': 'running', ':rreverting': 'reverting', ':rbefore': stalledBefore },
      })),
      part('audit', auditPut(this.tableName, {
        at: actor.at,
        actor: actor.username,
        action: 'resume',
        entityType: 'customer-merge',
        entityId: merge.id,
        customerId: merge.survivorId,
        entityVersion: merge.version + 1,
        changes: [{ field: 'resumedAt', ...(merge.resumedAt ? { old: merge.resumedAt } : {}), new: actor.at }],
      })),
    ]);
    if (refused?.has('merge')) {
      const now = await this.get(merge.id);
      if (now.version !== merge.version) throw new DomainError(ErrorCode.VersionConflict, `Merge ${merge.id} has changed since you read it (now version ${now.version}); read it again.`);
      throw new DomainError(ErrorCode.InvalidTransition, `Merge ${merge.id} progressed meanwhile (at ${now.updatedAt}): its job is working.`);
    }
    if (refused) throw refused.error;
    return this.get(merge.id);
  }

  private async get(mergeId: string): Promise<StoredMerge> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: mergeKeys.item(mergeId), ConsistentRead: true }));
    if (!Item) throw new DomainError(ErrorCode.MergeNotFound, `No merge ${mergeId}.`);
    return mergeEntity.fromItem(Item);
  }
}
