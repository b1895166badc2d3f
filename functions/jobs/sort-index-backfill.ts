import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerSortAttributesOf } from '#shared/customer-records/customer-sort-indexes';
import type { Item } from '#shared/db/item';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';

export interface SortIndexBackfillRun {
  /** Customers read from the list index. */
  readonly customers: number;
  /** Customers whose ordered-list attributes were set (a re-run finds them in step and writes nothing). */
  readonly updated: number;
  /** Customers that changed under the backfill and were read again. */
  readonly retried: number;
  /** Customers archived meanwhile (they belong on no list). */
  readonly skipped: number;
}

/** Reads of a customer that keeps changing under the backfill before it gives up (the next run picks it up). */
const ATTEMPTS = 3;

/** The attributes of `wanted` the item does not hold with that value. */
const missingOf = (item: Item, wanted: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(wanted).filter(([attribute, value]) => item[attribute] !== value));

/**
 * Sets the ordered lists' index attributes (gsi7–gsi12, shared/customer-records/customer-sort-indexes.ts) on
 * customers written before those indexes existed, so they appear in the time-ordered lists and the delta feed.
 * No Scan: the customers come from the all-customers name index (`gsi2pk = CUSTOMER`, paged; archived customers
 * are not on it and belong on no list) or, with `ownerId`, that owner's (`gsi1pk = OWNER#…`). A customer in step is
 * not written; any other gets one UpdateItem of the attributes its fields give, held to the version read and to
 * "not archived" — a write in between refuses it, and the customer is read again. Safe while the API writes, and
 * re-runnable. Cost: one Query per page of customers and one write per customer out of step.
 */
export const backfillSortIndexes = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions = {},
): Promise<SortIndexBackfillRun> => {
  const run = { customers: 0, updated: 0, retried: 0, skipped: 0 };

  const backfillCustomer = async (first: Item): Promise<void> => {
    run.customers += 1;
    const key = customerKeys.item(String(first.id));
    let item: Item | undefined = first;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (!item || item.deletedAt !== undefined) {
        run.skipped += 1;
        return;
      }
      const missing = missingOf(item, customerSortAttributesOf(item as Parameters<typeof customerSortAttributesOf>[0]));
      if (Object.keys(missing).length === 0) return;
      const update = conditionalUpdate(tableName, key, buildUpdateExpression({ set: missing }), {
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #version = :version',
        names: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version' },
        values: { ':version': item.version },
      });
      try {
        await client.send(new UpdateCommand(update.Update));
        run.updated += 1;
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      run.retried += 1;
      item = (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    }
    throw new Error(`customer ${String(first.id)} kept changing; run the backfill again`);
  };

  await walkCustomers(client, tableName, options, backfillCustomer);
  return run;
};
