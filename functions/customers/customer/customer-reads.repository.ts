import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { CUSTOMER_SORT_INDEXES } from '#shared/customer-records/customer-sort-indexes';
import { customerListQuery } from '#shared/customer-records/customer-list-query';
import { CUSTOMER_TOMBSTONE_ENTITY, tombstoneOf } from '#shared/customer-records/customer-tombstone.entity';
import type { SyncWindow } from '#shared/customer-records/delta-sync';
import { customerKeys } from '#shared/keys/customer.keys';
import { CUSTOMER_ENTITY, customerEntity } from './customer.entity';
import type { CustomerFeedItem, CustomerListCriteria, Page, PageKey, StoredCustomer } from './customer.ports';
import type { Customer } from './customer.schema';

/** The customer's reads: one item, consistently, and the lists (one Query of the most selective index). */

/** The raw customer item, consistently read (writes judge their guard against it). */
export const readCustomerItem = async (client: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<Item | undefined> =>
  (await client.send(new GetCommand({ TableName: tableName, Key: customerKeys.item(customerId), ConsistentRead: true }))).Item;

export const getCustomer = async (client: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<StoredCustomer | undefined> => {
  const item = await readCustomerItem(client, tableName, customerId);
  return item ? customerEntity.fromItem(item) : undefined;
};

export const listCustomers = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  criteria: CustomerListCriteria,
  page: { limit: number; startKey?: PageKey },
): Promise<Page<Customer>> => {
  // The one Query the shared planner chooses (shared/customer-records/customer-list-query.ts); the updatedAt indexes
  // also hold the delta feed's tombstones, which the planner filters out by the customer item's entity marker.
  const result = await client.send(new QueryCommand(customerListQuery(tableName, criteria, page, CUSTOMER_ENTITY)));
  return {
    items: (result.Items ?? []).map((item) => customerEntity.fromItem(item) as Customer),
    ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
  };
};

/**
 * The delta feed (docs/api.md, "Delta sync"): customers changed in the window and tombstones of those that left it,
 * in change order — one Query of the updatedAt index of the scope (an owner's, gsi8, else all, gsi11), its sort key
 * `<updatedAt>#<id>` between the window's bounds (`until` exclusive: `<until>#…` sorts after `<until>`).
 */
export const customerFeed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  scope: { ownerId?: string | undefined },
  window: SyncWindow,
  page: { limit: number; startKey?: PageKey },
): Promise<Page<CustomerFeedItem>> => {
  const index = scope.ownerId ? CUSTOMER_SORT_INDEXES.owner.updatedAt : CUSTOMER_SORT_INDEXES.all.updatedAt;
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.index,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :since AND :until',
      ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
      ExpressionAttributeValues: {
        ':pk': scope.ownerId ? CUSTOMER_SORT_INDEXES.owner.updatedAt.pk(scope.ownerId) : CUSTOMER_SORT_INDEXES.all.updatedAt.pk(),
        ':since': window.since,
        ':until': window.until,
      },
      ScanIndexForward: true,
      Limit: page.limit,
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => (item.entity === CUSTOMER_TOMBSTONE_ENTITY ? tombstoneOf(item) : (customerEntity.fromItem(item) as Customer))),
    ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
  };
};
