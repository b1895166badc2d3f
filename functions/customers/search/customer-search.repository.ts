import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { normalizeName } from '#shared/core/search-key';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { searchKeys, type CustomerTermKind } from '#shared/search/search.keys';
import { CANDIDATES_PER_READ, type CustomerSearchIndex, type HitPage, type Scope, type SearchHit } from './customer-search.ports';

const hitOfTerm = (item: Item): SearchHit => {
  const term = customerSearchTermEntity.fromItem(item);
  return {
    customerId: term.customerId,
    customerNo: term.customerNo,
    name: term.name,
    nameKey: term.nameKey,
    ownerId: term.ownerId,
    ownerName: term.ownerName,
    ...(term.value === undefined ? {} : { value: term.value }),
  };
};

const hitOfCustomer = (item: Item): SearchHit => ({
  customerId: String(item.id),
  customerNo: String(item.customerNo),
  name: String(item.name),
  nameKey: typeof item.nameKey === 'string' ? item.nameKey : normalizeName(String(item.name)),
  ownerId: String(item.ownerId),
  ownerName: String(item.ownerName),
});

/**
 * The search index on DynamoDB (docs/data-model.md, "Search index"): Queries of one term partition, each bounded
 * by CANDIDATES_PER_READ, and the customers' list indexes for a name or pinyin-initials prefix. No Scan.
 */
export class DynamoDbCustomerSearchIndex implements CustomerSearchIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One bounded Query of a term partition: `begins_with(sk, prefix)`, optional filters. */
  private async readTerms(
    pk: string,
    skPrefix: string,
    filters: { nameContains?: string | undefined; ownerId?: string | undefined },
  ): Promise<HitPage> {
    const clauses: string[] = [];
    const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
    const values: Record<string, unknown> = { ':pk': pk, ':prefix': skPrefix };
    if (filters.nameContains !== undefined) {
      clauses.push('contains(#nameKey, :text)');
      names['#nameKey'] = 'nameKey';
      values[':text'] = filters.nameContains;
    }
    if (filters.ownerId !== undefined) {
      clauses.push('#ownerId = :ownerId');
      names['#ownerId'] = 'ownerId';
      values[':ownerId'] = filters.ownerId;
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ...(clauses.length > 0 ? { FilterExpression: clauses.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: CANDIDATES_PER_READ,
      }),
    );
    return { hits: (result.Items ?? []).map(hitOfTerm), more: result.LastEvaluatedKey !== undefined };
  }

  // The names that start with the term sort by name: the key condition alone selects those that start with the
  // whole query; an account manager's are filtered from them.
  async namesStartingWith(term: string, text: string, scope: Scope): Promise<HitPage> {
    return this.readTerms(searchKeys.partition('name', term), searchKeys.namesStartingWith(text), { ownerId: scope.ownerId });
  }

  // The other names sort by owner: an account manager reads only their own.
  async namesContaining(term: string, text: string, scope: Scope): Promise<HitPage> {
    return this.readTerms(searchKeys.partition('name', term), searchKeys.ownerScope('1', scope.ownerId), { nameContains: text });
  }

  async lookup(kind: Exclude<CustomerTermKind, 'name'>, term: string, scope: Scope): Promise<HitPage> {
    return this.readTerms(searchKeys.partition(kind, term), searchKeys.ownerScope('0', scope.ownerId), {});
  }

  async listPrefix(prefix: { keyPrefix: string; namePrefix?: string | undefined }, scope: Scope & { limit: number }): Promise<HitPage> {
    const index = scope.ownerId === undefined ? customerKeys.byName : customerKeys.byOwner;
    const byName = prefix.namePrefix !== undefined;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ...(byName ? { FilterExpression: 'begins_with(#nameKey, :namePrefix)' } : {}),
        ProjectionExpression: '#id, #customerNo, #name, #nameKey, #ownerId, #ownerName',
        ExpressionAttributeNames: {
          '#pk': index.pkAttribute,
          '#sk': index.skAttribute,
          '#id': 'id',
          '#customerNo': 'customerNo',
          '#name': 'name',
          '#nameKey': 'nameKey',
          '#ownerId': 'ownerId',
          '#ownerName': 'ownerName',
        },
        ExpressionAttributeValues: {
          ':pk': scope.ownerId === undefined ? customerKeys.byName.pk() : customerKeys.byOwner.pk(scope.ownerId),
          ':prefix': prefix.keyPrefix,
          ...(byName ? { ':namePrefix': prefix.namePrefix } : {}),
        },
        // A name filter drops keys that only share the initials: read as many candidates as a term read.
        Limit: byName ? CANDIDATES_PER_READ : scope.limit,
      }),
    );
    return { hits: (result.Items ?? []).map(hitOfCustomer), more: result.LastEvaluatedKey !== undefined };
  }
}
