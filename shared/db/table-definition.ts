/**
 * The single table, declared once. The CDK data construct and the local bootstrap both build the table from
 * this object, so keys, indexes, TTL and stream settings cannot drift between AWS and the local stack.
 *
 * Index attributes are generic (`gsi1pk`/`gsi1sk` …) so that several entities can overload one index;
 * `shared/keys/customer.keys.ts` names each use of an index by its access pattern. See docs/data-model.md.
 */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** The access patterns served, for the docs and for readers of the code. */
  readonly accessPatterns: readonly string[];
}

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  streamView: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', accessPatterns: ['customers of an owner by search key'] },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', accessPatterns: ['all customers by search key'] },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', accessPatterns: ['customers of a level by search key'] },
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', accessPatterns: ['customers of a region by search key'] },
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', accessPatterns: ['customers of a status by search key'] },
    // lost customers — the CUSTOMER item already uses gsi1–gsi5 for its lists; the churn watch needs its own
    // (docs/data-model.md, "Lost customers and the churn watch").
    { indexName: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk', accessPatterns: ['customers under churn watch by last order (or creation) date'] },
    // customer list orders (issue 17): one index per scope × order, because one item carries one value per index
    // attribute and the customer item already fills gsi1–gsi6 (docs/data-model.md, "Sorted customer lists").
    { indexName: 'gsi7', partitionKey: 'gsi7pk', sortKey: 'gsi7sk', accessPatterns: ['customers of an owner by creation time'] },
    { indexName: 'gsi8', partitionKey: 'gsi8pk', sortKey: 'gsi8sk', accessPatterns: ['customers of an owner by update time'] },
    { indexName: 'gsi9', partitionKey: 'gsi9pk', sortKey: 'gsi9sk', accessPatterns: ['customers of an owner by last order date'] },
    { indexName: 'gsi10', partitionKey: 'gsi10pk', sortKey: 'gsi10sk', accessPatterns: ['all customers by creation time'] },
    { indexName: 'gsi11', partitionKey: 'gsi11pk', sortKey: 'gsi11sk', accessPatterns: ['all customers by update time'] },
    { indexName: 'gsi12', partitionKey: 'gsi12pk', sortKey: 'gsi12sk', accessPatterns: ['all customers by last order date'] },
  ],
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  streamView: 'NEW_AND_OLD_IMAGES';
  globalSecondaryIndexes: readonly IndexDefinition[];
};

export type IndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];

/** The CreateTable input used by the local bootstrap and the integration tests (DynamoDB Local). */
export const createTableInput = (tableName: string) => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    ...new Set([
      TABLE_DEFINITION.partitionKey,
      TABLE_DEFINITION.sortKey,
      ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]),
  ].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
  KeySchema: [
    { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  })),
  StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamView },
});
