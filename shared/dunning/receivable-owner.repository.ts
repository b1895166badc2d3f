import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';
import { receivableKeys } from './receivable.keys';

/** Receivables moved per transaction: one ConditionCheck on the customer + these, under DynamoDB's 100. */
export const RECEIVABLE_MOVES_PER_TRANSACTION = 99;
/** Rounds of read-then-move before giving up on a customer whose orders keep changing (the back-fill repairs it). */
const MOVE_ROUNDS = 5;

interface OpenReceivableRef {
  readonly orderId: string;
  readonly ownerId: string | undefined;
}

/** The customer's open receivables (gsi3, one Query per page of keys and owners): cost ∝ its open orders. */
export const openReceivablesOf = async (client: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<OpenReceivableRef[]> => {
  const index = receivableKeys.byCustomer;
  const found: OpenReceivableRef[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#orderId, #ownerId',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#orderId': 'orderId', '#ownerId': 'ownerId' },
        ExpressionAttributeValues: { ':pk': index.pk(customerId) },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      found.push({ orderId: String(item.orderId), ownerId: typeof item.ownerId === 'string' ? item.ownerId : undefined });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
};

/** One move: the customer must still be `ownerId`'s (so a later transfer is never undone), each item still open. */
const moveChunk = (tableName: string, customerId: string, ownerId: string, orderIds: readonly string[]): TransactionPart<'customer' | 'receivable'>[] => [
  part('customer', {
    ConditionCheck: {
      TableName: tableName,
      Key: customerKeys.item(customerId),
      ConditionExpression: '#ownerId = :ownerId',
      ExpressionAttributeNames: { '#ownerId': 'ownerId' },
      ExpressionAttributeValues: { ':ownerId': ownerId },
    },
  }),
  ...parts('receivable', orderIds.map((orderId) =>
    conditionalUpdate(tableName, receivableKeys.item(orderId), buildUpdateExpression({ set: { ownerId, [receivableKeys.byOwner.pkAttribute]: receivableKeys.byOwner.pk(ownerId) } }), {
      ConditionExpression: 'attribute_exists(#pk)',
      names: { '#pk': 'pk' },
    }))),
];

/**
 * Moves a customer's open receivables into its owner's partition of the dunning index (docs/data-model.md,
 * "Dunning after a transfer"). Called right after a transfer's transaction — not inside it: a customer's open orders
 * are unbounded and that transaction is already near DynamoDB's 100 items. Each transaction holds the customer to
 * `ownerId` (ConditionCheck), so a move racing a later transfer stops and leaves the work to that transfer's move;
 * an order settled meanwhile refuses its chunk, which is read again. Re-runnable: items already in place are skipped.
 * Answers the number moved, or `undefined` when the customer changed owner meanwhile.
 */
export const moveReceivablesToOwner = async (client: DynamoDBDocumentClient, tableName: string, customerId: string, ownerId: string): Promise<number | undefined> => {
  let moved = 0;
  for (let round = 1; round <= MOVE_ROUNDS; round += 1) {
    const stale = (await openReceivablesOf(client, tableName, customerId)).filter((ref) => ref.ownerId !== ownerId).map((ref) => ref.orderId);
    if (stale.length === 0) return moved;
    let again = false;
    for (let start = 0; start < stale.length; start += RECEIVABLE_MOVES_PER_TRANSACTION) {
      const chunk = stale.slice(start, start + RECEIVABLE_MOVES_PER_TRANSACTION);
      // Conflicts are retried by transactParts; a refusal is read by its label.
      const refused = await transactParts(client, moveChunk(tableName, customerId, ownerId, chunk));
      if (refused?.has('customer')) return undefined;
      if (refused) again = true;
      else moved += chunk.length;
    }
    if (!again) return moved;
  }
  throw new Error(`Open receivables of customer ${customerId} kept changing while moving them to the new owner.`);
};
