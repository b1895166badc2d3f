import type { SyncWindow, Tombstone } from '#shared/customer-records/delta-sync';
import { customerHeadOf, type CustomerHead } from '#shared/customer-records/customer-head';
import { isRecordTombstone, recordTombstoneOf } from '#shared/customer-records/record-tombstone.entity';
import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import { churnKeys } from '#shared/churn/churn.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys, productKeys } from '#shared/keys/orders.keys';
import type { CustomerSnapshot, OrderListCriteria, Page, PageKey, RecentOrders } from './order.ports';
import type { OrderDetail, OrderSummary } from './order.schema';
import { orderSummaryEntity } from './order-summary.entity';
import { isProductItem, productEntity } from '#functions/orders/products/product.entity';
import type { Product } from '#functions/orders/products/product.schema';
import { recentOrdersOf } from './recent-orders.entity';
import { readOrderCollection } from './order-collection.reads';

/** What the orders feature reads of a customer item: scope, name and address, and the derived order fields. */
export const toCustomerSnapshot = (item: Item): CustomerSnapshot => {
  const customer = customerEntity.fromItem(item);
  const churnStatus = item[churnKeys.statusAttribute];
  return {
    id: customer.id,
    name: customer.name,
    ownerId: customer.ownerId,
    ...(typeof customer.address === 'string' ? { address: customer.address } : {}),
    status: customer.status,
    archived: customer.deletedAt !== undefined,
    ...(typeof churnStatus === 'string' ? { churnStatus } : {}),
    ...(typeof customer.lastOrderAt === 'string' ? { lastOrderAt: customer.lastOrderAt } : {}),
    ...(customer.lifetimeValue ? { lifetimeValue: customer.lifetimeValue } : {}),
    ...(typeof customer.paymentTermsDays === 'number' ? { paymentTermsDays: customer.paymentTermsDays } : {}),
    ...(typeof customer.updatedAt === 'string' ? { updatedAt: customer.updatedAt } : {}),
  };
};

/** The reads of the orders feature: what a placement judges, an order with its payments, the order lists. */
export class DynamoDbOrderReads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async placementContext(
    customerId: string,
    productIds: readonly string[],
  ): Promise<{ customer?: CustomerSnapshot; products: Product[]; recentOrders?: RecentOrders }> {
    let keys: Item[] = [customerKeys.item(customerId), orderKeys.recent(customerId), ...[...new Set(productIds)].map((id) => productKeys.item(id))];
    const found: Item[] = [];
    // One BatchGetItem (≤ 51 keys of 100); DynamoDB may leave keys unprocessed under load: ask again for those.
    for (let round = 0; keys.length > 0; round += 1) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
      const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[this.tableName] ?? []));
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
      if (round > 8 && keys.length > 0) throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
    }
    const customerItem = found.find((item) => item.sk === customerKeys.item(customerId).sk);
    const recentItem = found.find((item) => item.sk === orderKeys.recentSortKey);
    return {
      ...(customerItem ? { customer: toCustomerSnapshot(customerItem) } : {}),
      products: found.filter(isProductItem).map(productEntity.fromItem),
      ...(recentItem ? { recentOrders: { revision: Number(recentItem.revision), orders: recentOrdersOf(recentItem) } } : {}),
    };
  }

  async customer(customerId: string): Promise<CustomerSnapshot | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }));
    return item ? toCustomerSnapshot(item) : undefined;
  }

  /** One consistent Query over the order's item collection: the order, then its payments in time order. */
  async get(orderId: string): Promise<OrderDetail | undefined> {
    return (await readOrderCollection(this.client, this.tableName, orderId))?.order;
  }

  async listByCustomer(customerId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': orderKeys.summaryPrefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(orderSummaryEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  /**
   * A customer's order summaries changed in the window: the list's Query of its collection with a FilterExpression
   * on `updatedAt` (cost ∝ the customer's orders; pages may be short).
   */
  async feedByCustomer(customerId: string, window: SyncWindow, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: '#updatedAt >= :since AND #updatedAt < :until',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': orderKeys.summaryPrefix, ':since': window.since, ':until': window.until },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(orderSummaryEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async list(criteria: OrderListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>> {
    const index = criteria.status ? orderKeys.byStatus : orderKeys.byDate;
    const partition = criteria.status ? orderKeys.byStatus.pk(criteria.status) : orderKeys.byDate.pk();
    // Sort keys are `<orderedAt>#<id>`: `to` itself sorts below `to#…`, so BETWEEN / < make `to` exclusive.
    const range =
      criteria.from && criteria.to ? ' AND #sk BETWEEN :from AND :to' : criteria.from ? ' AND #sk >= :from' : criteria.to ? ' AND #sk < :to' : '';
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: `#pk = :pk${range}`,
        ExpressionAttributeNames: { '#pk': index.pkAttribute, ...(range ? { '#sk': index.skAttribute } : {}) },
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(criteria.from ? { ':from': criteria.from } : {}),
          ...(criteria.to ? { ':to': criteria.to } : {}),
        },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(orderSummaryEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  /**
   * All orders changed in the window, in change order: one Query of gsi11 `ORDER` (`<updatedAt>#<id>`, moved by
   * placement, status moves and payments), `until` exclusive — or of gsi8 `ORDER#OWNER#<ownerId>` for one owner's
   * customers' orders, with the tombstones of those transferred away. Cost ∝ the changes read.
   */
  async feed(window: SyncWindow, page: { limit: number; startKey?: PageKey }, scope: { ownerId?: string | undefined } = {}): Promise<Page<OrderSummary | Tombstone>> {
    const index = scope.ownerId === undefined ? orderKeys.byUpdated : orderKeys.byOwnerUpdated;
    const partition = scope.ownerId === undefined ? orderKeys.byUpdated.pk() : orderKeys.byOwnerUpdated.pk(scope.ownerId);
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
    return {
      items: (result.Items ?? []).map((item) => (isRecordTombstone(item) ? recordTombstoneOf(item) : orderSummaryEntity.fromItem(item))),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  /** The customers of the owner feed's page, in one BatchGetItem (unprocessed keys sent again). */
  async feedCustomers(customerIds: readonly string[]): Promise<Map<string, CustomerHead>> {
    const heads = new Map<string, CustomerHead>();
    let pending: Record<string, string>[] = [...new Set(customerIds)].map((id) => customerKeys.item(id));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > 4) throw new Error('orders feed: batch read left keys unprocessed');
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ProjectionExpression: 'id, ownerId, deletedAt' } } }),
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
