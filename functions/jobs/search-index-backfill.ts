import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { contactEntity } from '#functions/contacts/contact.entity';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import type { Item } from '#shared/db/item';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';
import { part, parts, transactParts, type TransactItem } from '#shared/db/transactions';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { contactSearchTermParts, customerSearchTermParts } from '#shared/search/search-terms.writes';

export interface SearchBackfillRun {
  readonly customers: number;
  readonly contacts: number;
  /** Term items put (a re-run puts the same ones again: Puts are idempotent). */
  readonly terms: number;
  /** Records that changed under the backfill and were read again. */
  readonly retried: number;
  /** Records archived or removed meanwhile (their own write took their terms away). */
  readonly skipped: number;
}

/** Reads of a record that keeps changing under the backfill before it gives up (the next run picks it up). */
const ATTEMPTS = 3;

/** The record's version is still the one its terms were computed from, and it is not archived. */
const versionCheck = (tableName: string, key: { pk: string; sk: string }, version: unknown): TransactItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: key,
    ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #version = :version',
    ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version' },
    ExpressionAttributeValues: { ':version': version },
  },
});

/**
 * Puts a record's terms, held to the version they were computed from: a write in between refuses the transaction
 * (and then wrote the terms of its own state — except those it found unchanged, which is why the backfill reads
 * again and puts the whole set of the new state). Answers the number of terms put, or undefined when gone.
 */
const putTerms = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  first: Item,
  termsOf: (item: Item) => TransactItem[],
  onRetry: () => void,
): Promise<number | undefined> => {
  let item: Item | undefined = first;
  for (let attempt = 1; attempt <= ATTEMPTS && item && item.deletedAt === undefined; attempt += 1) {
    const puts = termsOf(item);
    if (puts.length === 0) return 0;
    const refused = await transactParts(client, [part('record', versionCheck(tableName, key, item.version)), ...parts('search', puts)]);
    if (!refused) return puts.length;
    if (!refused.has('record')) throw refused.error;
    onRetry();
    item = (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  }
  return item && item.deletedAt === undefined ? Promise.reject(new Error(`record ${key.pk} ${key.sk} kept changing; run the backfill again`)) : undefined;
};

/**
 * Writes the search-index terms (docs/data-model.md, "Search index") of every customer and contact written before
 * the index existed. No Scan: the customers come from the all-customers list index (`gsi2pk = CUSTOMER`, paged;
 * archived customers are not on it and have no terms) or, with `ownerId`, from that owner's (`gsi1pk = OWNER#…`), each customer's contacts from one Query of its item
 * collection (only for a customer whose `contactCount` says it has any). Each record's terms are one transaction
 * held to the record's version (putTerms), so it is safe while the API is writing, and re-runnable.
 */
export const backfillSearchIndex = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions = {},
): Promise<SearchBackfillRun> => {
  const run = { customers: 0, contacts: 0, terms: 0, retried: 0, skipped: 0 };
  const onRetry = () => (run.retried += 1);

  const backfillContacts = async (customerId: string): Promise<void> => {
    let startKey: Item | undefined;
    do {
      const page: QueryCommandOutput = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': contactKeys.prefix },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const key = { pk: String(item.pk), sk: String(item.sk) };
        const put = await putTerms(client, tableName, key, item, (current) => contactSearchTermParts(tableName, undefined, contactEntity.fromItem(current)), onRetry);
        if (put === undefined) run.skipped += 1;
        else {
          run.contacts += 1;
          run.terms += put;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };

  const backfillCustomer = async (item: Item): Promise<void> => {
    const customerId = String(item.id);
    const put = await putTerms(client, tableName, customerKeys.item(customerId), item, (current) => customerSearchTermParts(tableName, undefined, customerEntity.fromItem(current)), onRetry);
    if (put === undefined) {
      run.skipped += 1;
      return;
    }
    run.customers += 1;
    run.terms += put;
    if (typeof item.contactCount === 'number' && item.contactCount > 0) await backfillContacts(customerId);
  };

  await walkCustomers(client, tableName, options, backfillCustomer);
  return run;
};
