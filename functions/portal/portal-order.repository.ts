import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderEntity } from '#functions/orders/order/order.entity';
import { orderSummaryEntity } from '#functions/orders/order/order-summary.entity';
import type { Order } from '#functions/orders/order/order.schema';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { portalUserEntity } from './portal-user.entity';
import { portalUserKeys } from './portal-user.keys';
import type { PortalOrderRepository, PortalPageKey } from './portal.ports';
import type { PortalUser } from './portal-user.schema';

/** A BatchGetItem of two keys may leave some unprocessed (throttling): read again, a few times, then give up. */
const BATCH_ATTEMPTS = 4;

/** The orders feature's items as the portal reads them (docs/data-model.md, "Portal users"); never written here. */
export class DynamoDbPortalOrderRepository implements PortalOrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async userAndOrder(portalUserId: string, orderId: string): Promise<{ user?: PortalUser; order?: Order }> {
    const userKey = portalUserKeys.item(portalUserId);
    const orderKey = orderKeys.item(orderId);
    let keys: Record<string, unknown>[] = [userKey, orderKey];
    const found: Record<string, unknown>[] = [];
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt === BATCH_ATTEMPTS) throw new Error('portal order read: BatchGetItem left keys unprocessed after retries');
      const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
      found.push(...(answer.Responses?.[this.tableName] ?? []));
      keys = answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    const user = found.find((item) => item.pk === userKey.pk && item.sk === userKey.sk);
    const order = found.find((item) => item.pk === orderKey.pk && item.sk === orderKey.sk);
    return { ...(user ? { user: portalUserEntity.fromItem(user) } : {}), ...(order ? { order: orderEntity.fromItem(order) } : {}) };
  }

  async listByCustomer(customerId: string, page: { limit: number; startKey?: PortalPageKey }) {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :orders)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':orders': orderKeys.summaryPrefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => orderSummaryEntity.fromItem(item)),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PortalPageKey } : {}),
    };
  }
}
