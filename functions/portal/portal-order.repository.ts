import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderEntity } from '#functions/orders/order/order.entity';
import { orderSummaryEntity } from '#functions/orders/order/order-summary.entity';
import type { Order } from '#functions/orders/order/order.schema';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import type { PortalOrderRepository, PortalPageKey, PortalSessionRead } from './portal.ports';
import { itemAt, readSession } from './portal-session.reads';

/** The orders feature's items as the portal reads them (docs/data-model.md, "Portal users"); never written here. */
export class DynamoDbPortalOrderRepository implements PortalOrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async userAndOrder(portalUserId: string, orderId: string): Promise<PortalSessionRead & { order?: Order }> {
    const orderKey = orderKeys.item(orderId);
    const { user, company, items } = await readSession(this.client, this.tableName, portalUserId, [orderKey]);
    const order = itemAt(items, orderKey);
    return { user, company, ...(order ? { order: orderEntity.fromItem(order) } : {}) };
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
