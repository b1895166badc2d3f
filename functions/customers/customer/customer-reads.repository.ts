import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IndexKey } from '#shared/db/index-key';
import type { Item } from '#shared/db/item';
import { CUSTOMER_SORT_INDEXES, type CustomerSortField } from '#shared/customer-records/customer-sort-indexes';
import { CUSTOMER_TOMBSTONE_ENTITY, tombstoneOf } from '#shared/customer-records/customer-tombstone.entity';
import type { SyncWindow } from '#shared/customer-records/delta-sync';
import { customerKeys } from '#shared/keys/customer.keys';
import { customFilterClauses } from '#shared/custom-fields/custom-filter-expression';
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
  const { index, partition, filters, forward } = chooseIndex(criteria);
  const keyPrefix = criteria.search?.keyPrefix;
  const names: Record<string, string> = { '#pk': index.pkAttribute, ...(keyPrefix ? { '#sk': index.skAttribute } : {}) };
  const values: Record<string, unknown> = { ':pk': partition };
  const filterClauses: string[] = [];
  for (const [field, value] of Object.entries(filters)) {
    names[`#f_${field}`] = field;
    values[`:f_${field}`] = value;
    filterClauses.push(`#f_${field} = :f_${field}`);
  }
  (criteria.filters ?? []).forEach((filter, n) => {
    const path = filter.path.map((segment, i) => {
      names[`#a${n}_${i}`] = segment;
      return `#a${n}_${i}`;
    });
    values[`:a${n}`] = filter.value;
    filterClauses.push(filter.op === 'contains' ? `contains(${path.join('.')}, :a${n})` : `${path.join('.')} = :a${n}`);
  });
  if (criteria.search?.namePrefix) {
    names['#nameKey'] = 'nameKey';
    values[':namePrefix'] = criteria.search.namePrefix;
    filterClauses.push('begins_with(#nameKey, :namePrefix)');
  }
  if (criteria.custom && criteria.custom.length > 0) {
    const custom = customFilterClauses(criteria.custom);
    Object.assign(names, custom.names);
    Object.assign(values, custom.values);
    filterClauses.push(...custom.clauses);
  }
  if (keyPrefix) values[':prefix'] = keyPrefix;
  // The updatedAt indexes also hold the delta feed's tombstones (customer-tombstone.entity.ts): not customers.
  if (index === CUSTOMER_SORT_INDEXES.owner.updatedAt || index === CUSTOMER_SORT_INDEXES.all.updatedAt) {
    names['#entity'] = 'entity';
    values[':customerEntity'] = CUSTOMER_ENTITY;
    filterClauses.push('#entity = :customerEntity');
  }
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.index,
      KeyConditionExpression: keyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: forward,
      Limit: page.limit,
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    }),
  );
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

type ListIndex = Pick<IndexKey<unknown[]>, 'index' | 'pkAttribute' | 'skAttribute'>;
type ChosenIndex = { index: ListIndex; partition: string; filters: Record<string, string>; forward: boolean };

/**
 * The index for the order and filters given; the other filters are applied to that one Query. A time order has
 * one index per scope (the owner's, else all customers); in name order the most selective index is chosen.
 */
const chooseIndex = (criteria: CustomerListCriteria): ChosenIndex => {
  const { ownerId, level, region, status, sort = 'name' } = criteria;
  const forward = !sort.startsWith('-');
  const field = (forward ? sort : sort.slice(1)) as 'name' | CustomerSortField;
  const rest = (except: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries({ ownerId, level, region, status }).filter(
        (entry): entry is [string, string] => entry[0] !== except && entry[1] !== undefined,
      ),
    );
  if (field !== 'name') {
    return ownerId
      ? { index: CUSTOMER_SORT_INDEXES.owner[field], partition: CUSTOMER_SORT_INDEXES.owner[field].pk(ownerId), filters: rest('ownerId'), forward }
      : { index: CUSTOMER_SORT_INDEXES.all[field], partition: CUSTOMER_SORT_INDEXES.all[field].pk(), filters: rest('ownerId'), forward };
  }
  if (ownerId) return { index: customerKeys.byOwner, partition: customerKeys.byOwner.pk(ownerId), filters: rest('ownerId'), forward };
  if (level) return { index: customerKeys.byLevel, partition: customerKeys.byLevel.pk(level), filters: rest('level'), forward };
  if (region) return { index: customerKeys.byRegion, partition: customerKeys.byRegion.pk(region), filters: rest('region'), forward };
  if (status) return { index: customerKeys.byStatus, partition: customerKeys.byStatus.pk(status), filters: rest('status'), forward };
  return { index: customerKeys.byName, partition: customerKeys.byName.pk(), filters: {}, forward };
};
