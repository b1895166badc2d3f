import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit.writes';
import { part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression } from '#shared/db/update-expression';
import { duplicatePairEntity, type DuplicatePair } from '#shared/duplicates/duplicate-pair.entity';
import { duplicateKeys } from '#shared/duplicates/duplicate.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import type { Page, PageKey } from '#functions/customers/customer/customer.ports';
import { batchGetItems } from '#shared/duplicates/duplicate-finder.repository';
import type { DuplicatePairRepository, PairCustomer } from './duplicates.ports';

const BATCH_GET_LIMIT = 100;

/** Duplicate pairs on DynamoDB: the open ones on their gsi1 partition (docs/data-model.md, "Duplicate index"). */
export class DynamoDbDuplicatePairRepository implements DuplicatePairRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listOpen(page: { limit: number; startKey?: PageKey }): Promise<Page<DuplicatePair>> {
    const index = duplicateKeys.pairsByStatus;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk('open') },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => duplicatePairEntity.fromItem(item)),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async get(pairId: string): Promise<DuplicatePair | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: duplicateKeys.pair(pairId), ConsistentRead: true }));
    return result.Item ? duplicatePairEntity.fromItem(result.Item) : undefined;
  }

  /** One transaction: the pair's update, held to the version read, and its audit entry. */
  async dismiss(pairId: string, expectedVersion: number, actor: { username: string; at: string }): Promise<DuplicatePair | undefined> {
    const index = duplicateKeys.pairsByStatus;
    // It moves to the `dismissed` partition rather than off the index: a pair detected again keeps its index key
    // (`if_not_exists`, shared/duplicates/duplicate-keys.writes.ts), so it stays dismissed.
    const expression = buildUpdateExpression({
      set: { status: 'dismissed', dismissedAt: actor.at, dismissedBy: actor.username, [index.pkAttribute]: index.pk('dismissed') },
      increment: { version: 1 },
    });
    const refused = await transactParts(this.client, [
      part('pair', {
        Update: {
          TableName: this.tableName,
          Key: duplicateKeys.pair(pairId),
          ...expression,
          ConditionExpression: 'attribute_exists(pk) AND #expected = :expected',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#expected': 'version' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':expected': expectedVersion },
        },
      }),
      part('audit', auditPut(this.tableName, {
        at: actor.at,
        actor: actor.username,
        action: 'update',
        entityType: 'duplicate-pair',
        entityId: pairId,
        entityVersion: expectedVersion + 1,
        changes: [{ field: 'status', old: 'open', new: 'dismissed' }],
      })),
    ]);
    if (refused?.has('pair')) return undefined;
    if (refused) throw refused.error;
    return this.get(pairId);
  }

  async customers(ids: readonly string[]): Promise<Map<string, PairCustomer>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, PairCustomer>();
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      const items = await batchGetItems(this.client, this.tableName, unique.slice(start, start + BATCH_GET_LIMIT).map((id) => customerKeys.item(id)));
      for (const item of items) {
        const customer = customerEntity.fromItem(item);
        const { id, customerNo, name, ownerId, ownerName } = customer;
        found.set(id, { id, customerNo, name, ownerId, ownerName, archived: customer.deletedAt !== undefined });
      }
    }
    return found;
  }
}
