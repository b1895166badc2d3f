import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changeFeedEntryEntity, changeMarkerEntity, type ChangeFeedEntry, type ChangeMarker } from '#shared/events/change-feed.entity';
import { part, transactParts } from '#shared/db/transactions';
import { customerKeys } from '#shared/keys/customer.keys';
import type { ChangeRecorder } from './change-feed.ports';

/**
 * The change feed's writer on the table: one GetItem of a customer's owner (projection `ownerId`), and one
 * TransactWriteItems per change — the marker conditional on its absence, then each copy (docs/data-model.md,
 * "Change feed"). Conflicts are retried (transactParts); any other failure is thrown, so the stream record is
 * reported failed and handed over again.
 */
export class DynamoDbChangeRecorder implements ChangeRecorder {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ownerOf(customerId: string): Promise<string | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ProjectionExpression: 'ownerId' }),
    );
    return typeof item?.ownerId === 'string' ? item.ownerId : undefined;
  }

  async record(marker: ChangeMarker, entries: readonly ChangeFeedEntry[]): Promise<boolean> {
    const refused = await transactParts(this.client, [
      part('marker', {
        Put: { TableName: this.tableName, Item: changeMarkerEntity.toItem(marker), ConditionExpression: 'attribute_not_exists(pk)' },
      }),
      ...entries.map((entry) => part('copy', { Put: { TableName: this.tableName, Item: changeFeedEntryEntity.toItem(entry) } })),
    ]);
    if (!refused) return true;
    if (refused.has('marker')) return false;
    throw refused.error;
  }
}
