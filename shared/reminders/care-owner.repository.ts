import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { reminderEntity } from './reminder.entity';
import { reminderKeys } from './reminder.keys';

/** A customer's care reminders as stored (its care index, one Query per page): a few per contact. */
export const careItemsOf = async (client: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<Item[]> => {
  const index = reminderKeys.careByCustomer;
  const found: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(customerId) },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    found.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
};

/**
 * Puts a customer's pending care reminders (special days, no-contact checks) on `ownerId`'s care index
 * (`CAREOWNER#<ownerId>`, the calendar's care source), read from the customer's care index (`CARE#<customerId>`:
 * cost ∝ the customer's care reminders). Called right after a transfer's transaction, as the receivables' move, and
 * by `npm run backfill:care-index`. Each reminder takes one UpdateItem held to "still exists" (the job may deliver it
 * meanwhile; its successor is then written with the owner the job resolved). A reminder already on the owner's index
 * is skipped: re-runnable. Answers the number moved.
 */
export const moveCareToOwner = async (client: DynamoDBDocumentClient, tableName: string, customerId: string, ownerId: string, items?: readonly Item[]): Promise<number> => {
  const owner = reminderKeys.careByOwner;
  let moved = 0;
  for (const item of items ?? (await careItemsOf(client, tableName, customerId))) {
    if (item[owner.pkAttribute] === owner.pk(ownerId)) continue;
    const reminder = { ...reminderEntity.fromItem(item), ownerId };
    const update = conditionalUpdate(tableName, reminderEntity.keyOf(reminder), buildUpdateExpression({ set: { ownerId, ...reminderEntity.indexAttributes(reminder) } }), {
      ConditionExpression: 'attribute_exists(#pk)',
      names: { '#pk': 'pk' },
      values: {},
    });
    try {
      await client.send(new UpdateCommand(update.Update));
      moved += 1;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  return moved;
};
