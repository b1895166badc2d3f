import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { normalizeName } from '#shared/core/search-key';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { searchKeys, type CustomerTermKind, type TermRank } from '#shared/search/search.keys';
import { CANDIDATES_PER_READ, type CustomerSearchIndex, type HitPage, type SearchHit } from './customer-search.ports';

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

  async termHits(kind: CustomerTermKind, term: string, options: { ownerId?: string | undefined; nameContains?: string | undefined }): Promise<HitPage> {
    // Name terms: the prefix-rank items (names that start with the term) and the rest, read side by side; lookup
    // terms are whole values, all of rank 0.
    const ranks: TermRank[] = kind === 'name' ? ['0', '1'] : ['0'];
    const pages = await Promise.all(ranks.map((rank) => this.readRank(kind, term, rank, options)));
    return { hits: pages.flatMap((page) => page.hits), more: pages.some((page) => page.more) };
  }

  private async readRank(
    kind: CustomerTermKind,
    term: string,
    rank: TermRank,
    options: { ownerId?: string | undefined; nameContains?: string | undefined },
  ): Promise<HitPage> {
    const filter = options.nameContains === undefined ? {} : { FilterExpression: 'contains(#nameKey, :text)' };
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :scope)',
        ...filter,
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', ...(options.nameContains === undefined ? {} : { '#nameKey': 'nameKey' }) },
        ExpressionAttributeValues: {
          ':pk': searchKeys.partition(kind, term),
          ':scope': searchKeys.customerScope(rank, options.ownerId),
          ...(options.nameContains === undefined ? {} : { ':text': options.nameContains }),
        },
        Limit: CANDIDATES_PER_READ,
      }),
    );
    return { hits: (result.Items ?? []).map(hitOfTerm), more: result.LastEvaluatedKey !== undefined };
  }

  async namePrefixHits(prefix: string, options: { ownerId?: string | undefined; limit: number }): Promise<HitPage> {
    const index = options.ownerId === undefined ? customerKeys.byName : customerKeys.byOwner;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
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
        ExpressionAttributeValues: { ':pk': options.ownerId === undefined ? customerKeys.byName.pk() : customerKeys.byOwner.pk(options.ownerId), ':prefix': prefix },
        Limit: options.limit,
      }),
    );
    return { hits: (result.Items ?? []).map(hitOfCustomer), more: result.LastEvaluatedKey !== undefined };
  }
}
