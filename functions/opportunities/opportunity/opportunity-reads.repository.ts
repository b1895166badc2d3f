import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { productEntity } from '#functions/orders/products/product.entity';
import { productKeys } from '#shared/keys/orders.keys';
import type { ProductRef } from './opportunity-lines';
import { claimedAt, findStoredAnswer } from '#shared/idempotency/idempotency.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { opportunityEntity } from './opportunity.entity';
import type { IdempotencyClaim, OpportunityListCriteria, OpportunityRepository, Page, PageKey } from './opportunity.ports';
import type { Opportunity, OpportunityStatus } from './opportunity.schema';

type ListIndex = typeof opportunityKeys.byAssignee | typeof opportunityKeys.byCreation | typeof opportunityKeys.bySource | typeof opportunityKeys.byStatus;

/** The most selective index for the filters given; the other equality filters are applied to that one Query. */
const chooseIndex = (criteria: OpportunityListCriteria): { index: ListIndex; partition: string; filters: Record<string, string> } => {
  const { assigneeId, status, source } = criteria;
  const rest = (except: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries({ assigneeId, status, source }).filter(
        (entry): entry is [string, string] => entry[0] !== except && entry[1] !== undefined,
      ),
    );
  const { byAssignee, byStatus, bySource, byCreation } = opportunityKeys;
  if (assigneeId) return { index: byAssignee, partition: byAssignee.pk(assigneeId), filters: rest('assigneeId') };
  if (status) return { index: byStatus, partition: byStatus.pk(status as OpportunityStatus), filters: rest('status') };
  if (source) return { index: bySource, partition: bySource.pk(source), filters: rest('source') };
  return { index: byCreation, partition: byCreation.pk(), filters: {} };
};

/** The reads of opportunity headers: one by id, a page of a list, the customer a new opportunity names. */
export class OpportunityReadsRepository implements Pick<OpportunityRepository, 'get' | 'findCustomer' | 'findProducts' | 'list' | 'replayOf'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(opportunityId: string): Promise<Opportunity | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: opportunityKeys.item(opportunityId), ConsistentRead: true }),
    );
    return item ? opportunityEntity.fromItem(item) : undefined;
  }

  async findProducts(productIds: readonly string[]): Promise<Map<string, ProductRef>> {
    const found = new Map<string, ProductRef>();
    const unique = [...new Set(productIds)];
    for (let start = 0; start < unique.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + 100).map((id) => productKeys.item(id));
      while (keys && keys.length > 0) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const product = productEntity.fromItem(item);
          found.set(product.id, { id: product.id, code: product.code, name: product.name, unitPrice: product.unitPrice, active: product.active });
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  async findCustomer(customerId: string): Promise<{ id: string; name: string } | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConsistentRead: true,
        ProjectionExpression: '#id, #name, #deletedAt',
        ExpressionAttributeNames: { '#id': 'id', '#name': 'name', '#deletedAt': 'deletedAt' },
      }),
    );
    if (!item || item.deletedAt !== undefined || typeof item.name !== 'string') return undefined;
    return { id: customerId, name: item.name };
  }

  async list(criteria: OpportunityListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Opportunity>> {
    const { index, partition, filters } = chooseIndex(criteria);
    const names: Record<string, string> = { '#pk': index.pkAttribute };
    const values: Record<string, unknown> = { ':pk': partition };
    let keyCondition = '#pk = :pk';
    const { createdFrom, createdTo } = criteria;
    if (createdFrom !== undefined || createdTo !== undefined) {
      names['#sk'] = index.skAttribute;
      // `~` sorts after every character of `<createdAt>#<id>`: a date (or date-time) bound includes all of it.
      if (createdFrom !== undefined) values[':from'] = createdFrom;
      if (createdTo !== undefined) values[':to'] = `${createdTo}~`;
      keyCondition +=
        createdFrom !== undefined && createdTo !== undefined
          ? ' AND #sk BETWEEN :from AND :to'
          : createdFrom !== undefined
            ? ' AND #sk >= :from'
            : ' AND #sk <= :to';
    }
    const filterClauses = Object.entries(filters).map(([field, value]) => {
      names[`#f_${field}`] = field;
      values[`:f_${field}`] = value;
      return `#f_${field} = :f_${field}`;
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: keyCondition,
        ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        // Newest first.
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(opportunityEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  /** The first answer stored under the claim (shared/idempotency: an expired record counts as absent). */
  async replayOf(claim: IdempotencyClaim): Promise<unknown> {
    return (await findStoredAnswer(this.client, this.tableName, claim, claimedAt(claim)))?.response;
  }
}
