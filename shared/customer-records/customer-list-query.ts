import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CustomFieldFilter } from '#shared/custom-fields/custom-field';
import { customFilterClauses } from '#shared/custom-fields/custom-filter-expression';
import type { IndexKey } from '#shared/db/index-key';
import { customerKeys } from '#shared/keys/customer.keys';
import { CUSTOMER_SORT_INDEXES, type CustomerSortField } from './customer-sort-indexes';

/**
 * THE customer list's query planner, held once: the customer list (functions/customers/customer/customer-reads
 * .repository.ts), the bulk-update job that pages it, and a campaign's audience (functions/campaigns/) build their one
 * Query here — the most selective list index for the criteria, the rest a FilterExpression on it. No Scan.
 * docs/data-model.md, "Choosing the index for a list".
 */

/** `name` (the default), or a time order on its own index, ascending or descending (`-`). */
export type CustomerListSort = 'name' | '-name' | CustomerSortField | `-${CustomerSortField}`;

/**
 * A list filter no index serves: a condition on one stored attribute (a path, so a custom field `custom.<key>` or
 * `lifetimeValue.amount` can join), applied as a FilterExpression to the list's one Query. `equals`: the value is the
 * attribute's; `contains`: the attribute is a list holding the value; `atLeast` / `atMost`: a number bound (inclusive).
 */
export type AttributeFilter =
  | { readonly path: readonly string[]; readonly op: 'equals' | 'contains'; readonly value: string }
  | { readonly path: readonly string[]; readonly op: 'atLeast' | 'atMost'; readonly value: number };

export interface CustomerListCriteria {
  readonly ownerId?: string;
  readonly level?: string;
  readonly region?: string;
  readonly status?: string;
  readonly search?: { keyPrefix: string; namePrefix?: string };
  /** `?custom.<key>=<code>` on select fields: a FilterExpression over the chosen index's Query (pages may be sparse). */
  readonly custom?: readonly CustomFieldFilter[];
  /** Absent: by name, ascending. */
  readonly sort?: CustomerListSort;
  readonly filters?: readonly AttributeFilter[];
  /**
   * A range of the time order's own field, a key condition on its index (`from` inclusive, `to` exclusive; ISO).
   * Only with a time `sort`. On the last-order index a customer that never ordered sorts below every date, so a
   * range without `from` holds them (no order before `to`).
   */
  readonly range?: { readonly from?: string | undefined; readonly to?: string | undefined };
}

type ListIndex = Pick<IndexKey<unknown[]>, 'index' | 'pkAttribute' | 'skAttribute'>;
type ChosenIndex = { index: ListIndex; partition: string; filters: Record<string, string>; forward: boolean; timeField?: CustomerSortField };

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
      ? { index: CUSTOMER_SORT_INDEXES.owner[field], partition: CUSTOMER_SORT_INDEXES.owner[field].pk(ownerId), filters: rest('ownerId'), forward, timeField: field }
      : { index: CUSTOMER_SORT_INDEXES.all[field], partition: CUSTOMER_SORT_INDEXES.all[field].pk(), filters: rest('ownerId'), forward, timeField: field };
  }
  if (ownerId) return { index: customerKeys.byOwner, partition: customerKeys.byOwner.pk(ownerId), filters: rest('ownerId'), forward };
  if (level) return { index: customerKeys.byLevel, partition: customerKeys.byLevel.pk(level), filters: rest('level'), forward };
  if (region) return { index: customerKeys.byRegion, partition: customerKeys.byRegion.pk(region), filters: rest('region'), forward };
  if (status) return { index: customerKeys.byStatus, partition: customerKeys.byStatus.pk(status), filters: rest('status'), forward };
  return { index: customerKeys.byName, partition: customerKeys.byName.pk(), filters: {}, forward };
};

const OPERATORS = { equals: '=', atLeast: '>=', atMost: '<=' } as const;

/**
 * The one Query of a page of the customer list for the criteria. `customerEntity` is the customer item's `entity`
 * marker: the updatedAt indexes also hold the delta feed's tombstones, which are not customers.
 */
export const customerListQuery = (
  tableName: string,
  criteria: CustomerListCriteria,
  page: { limit: number; startKey?: Record<string, unknown> | undefined },
  customerEntity: string,
): QueryCommandInput => {
  const { index, partition, filters, forward, timeField } = chooseIndex(criteria);
  const keyPrefix = criteria.search?.keyPrefix;
  const names: Record<string, string> = { '#pk': index.pkAttribute };
  const values: Record<string, unknown> = { ':pk': partition };
  let keyCondition = '#pk = :pk';
  if (keyPrefix) {
    names['#sk'] = index.skAttribute;
    values[':prefix'] = keyPrefix;
    keyCondition += ' AND begins_with(#sk, :prefix)';
  } else if (timeField && (criteria.range?.from !== undefined || criteria.range?.to !== undefined)) {
    // Sort keys are `<instant>#<id>`: `<to>#…` sorts after `<to>`, so `< :to` keeps `to` exclusive.
    names['#sk'] = index.skAttribute;
    const { from, to } = criteria.range;
    if (from !== undefined) values[':from'] = from;
    if (to !== undefined) values[':to'] = to;
    keyCondition += from !== undefined && to !== undefined ? ' AND #sk BETWEEN :from AND :to' : from !== undefined ? ' AND #sk >= :from' : ' AND #sk < :to';
  }
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
    filterClauses.push(filter.op === 'contains' ? `contains(${path.join('.')}, :a${n})` : `${path.join('.')} ${OPERATORS[filter.op]} :a${n}`);
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
  if (index === CUSTOMER_SORT_INDEXES.owner.updatedAt || index === CUSTOMER_SORT_INDEXES.all.updatedAt) {
    names['#entity'] = 'entity';
    values[':customerEntity'] = customerEntity;
    filterClauses.push('#entity = :customerEntity');
  }
  return {
    TableName: tableName,
    IndexName: index.index,
    KeyConditionExpression: keyCondition,
    ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: forward,
    Limit: page.limit,
    ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
  };
};

/**
 * The key of a customer item on the list's index — what DynamoDB's LastEvaluatedKey would be had the page stopped
 * right after it: a reader that stops inside a page (an audience page ends at a customer boundary) resumes there.
 */
export const customerListKeyOf = (query: QueryCommandInput, item: Record<string, unknown>): Record<string, string> => {
  const pkAttribute = query.ExpressionAttributeNames!['#pk']!;
  const skAttribute = pkAttribute.replace(/pk$/, 'sk');
  return {
    pk: item['pk'] as string,
    sk: item['sk'] as string,
    [pkAttribute]: item[pkAttribute] as string,
    [skAttribute]: item[skAttribute] as string,
  };
};
