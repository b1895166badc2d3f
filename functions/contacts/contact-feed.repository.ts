import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerHeadOf, type CustomerHead } from '#shared/customer-records/customer-head';
import type { SyncWindow, Tombstone } from '#shared/customer-records/delta-sync';
import { isRecordTombstone, OWNER_FEED_INDEXES, recordTombstoneOf } from '#shared/customer-records/record-tombstone.entity';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import type { ContactFeed } from './contact-lookup.ports';
import type { PageKey } from './contact.ports';
import type { StoredContact } from './contact.schema';
import { contactEntity } from './contact.entity';

/** BatchGetItem's unprocessed keys are sent again this many times before the read fails (503 upstream). */
const BATCH_ATTEMPTS = 4;

/**
 * The contacts delta feed on DynamoDB: one Query per page of gsi8 (`CONTACT#OWNER#<ownerId>`) or gsi11 (`CONTACT`),
 * `BETWEEN <since> AND <until>` on `<changedAt>#<id>` (until exclusive), and one BatchGetItem of the page's
 * customers for the scope check. No Scan. docs/data-model.md, "The delta feed".
 */
export class DynamoDbContactFeed implements ContactFeed {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(scope: { ownerId?: string | undefined }, window: SyncWindow, page: { limit: number; startKey?: PageKey | undefined }) {
    const { owner, all } = OWNER_FEED_INDEXES.contact;
    const index = scope.ownerId === undefined ? all : owner;
    const partition = scope.ownerId === undefined ? all.pk() : owner.pk(scope.ownerId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :since AND :until',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: { ':pk': partition, ':since': window.since, ':until': window.until },
        ScanIndexForward: true,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    const items: (StoredContact | Tombstone)[] = (result.Items ?? []).map((item) => (isRecordTombstone(item) ? recordTombstoneOf(item) : contactEntity.fromItem(item)));
    return { items, ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}) };
  }

  async heads(customerIds: readonly string[]): Promise<Map<string, CustomerHead>> {
    const heads = new Map<string, CustomerHead>();
    let pending: Record<string, string>[] = [...new Set(customerIds)].map((id) => customerKeys.item(id));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > BATCH_ATTEMPTS) throw new Error('contacts feed: batch read left keys unprocessed');
      const result = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: { Keys: pending, ProjectionExpression: 'id, ownerId, deletedAt, primaryContactId' },
          },
        }),
      );
      for (const item of (result.Responses?.[this.tableName] ?? []) as Item[]) {
        const head = customerHeadOf(item);
        if (head) heads.set(head.id, head);
      }
      pending = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, string>[];
    }
    return heads;
  }
}
