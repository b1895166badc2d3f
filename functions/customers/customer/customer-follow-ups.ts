import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FOLLOW_UP_OFF_LISTS, followUpReassigned } from '#functions/activities/follow-up.entity';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { parts, transactParts, type RefusedParts, type TransactionPart, type TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, type UpdatePlan, type WriteCondition } from '#shared/db/update-expression';
import { followUpKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';

/**
 * The customer's open follow-ups in its transfer and archive transactions (docs/data-model.md, "Contacts,
 * activities, follow-ups and the customer 360 view"): a transfer moves the previous owner's to the new owner, an
 * archive takes them all off the lists. They are read first (one Query of the head, at most 30); the transaction
 * then holds each one to the item read and the customer to the `openFollowUpCount` read, so a follow-up opened,
 * closed or rescheduled meanwhile refuses it, and the write is read and tried again (`retryFollowUpRaces`).
 */

/**
 * What each element of a customer transaction writes (shared/db/transactions.ts): a refusal is explained by the
 * label of the element that refused, never by its index.
 */
export type CustomerPart = TransactionPart<
  'customer' | 'customerNo' | 'idempotency' | 'composition' | 'search' | 'duplicate' | 'pair' | 'transfer' | 'lostRecord' | 'followUp' | 'tombstone' | 'audit' | 'survivor' | 'merge' | 'care'
>;

/** DynamoDB's limit on one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Reads and transactions tried before a customer whose follow-ups keep changing answers 409 (retry shortly). */
export const FOLLOW_UP_ATTEMPTS = 3;

export interface OpenFollowUpRef {
  readonly activityId: string;
  readonly assigneeId: string;
}

/** The customer's open follow-ups (`CUSTOMER#FOLLOWUP#…` in its head), consistently: who has each. */
export const readOpenFollowUps = async (client: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<OpenFollowUpRef[]> => {
  const found: OpenFollowUpRef[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ProjectionExpression: '#activityId, #assigneeId',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#activityId': 'activityId', '#assigneeId': 'assigneeId' },
        ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': followUpKeys.prefix },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) found.push({ activityId: String(item.activityId), assigneeId: String(item.assigneeId) });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
};

/** `condition` AND the customer's `openFollowUpCount` is still the value read (absent when never set). */
export const withFollowUpCount = (condition: WriteCondition, count: unknown): { ConditionExpression: string; names: Record<string, string>; values: Item } => ({
  ConditionExpression: `${condition.ConditionExpression} AND ${count === undefined ? 'attribute_not_exists(#openFollowUps)' : '#openFollowUps = :openFollowUps'}`,
  names: { ...condition.names, '#openFollowUps': 'openFollowUpCount' },
  values: { ...condition.values, ...(count === undefined ? {} : { ':openFollowUps': count }) },
});

/** One follow-up's Update (no values entry when neither the plan nor the condition has one: DynamoDB refuses it). */
const followUpUpdate = (tableName: string, customerId: string, activityId: string, plan: UpdatePlan, condition: WriteCondition): TransactItem => {
  const expression = buildUpdateExpression(plan);
  const values = { ...expression.ExpressionAttributeValues, ...condition.values };
  return {
    Update: {
      TableName: tableName,
      Key: followUpKeys.item(customerId, activityId),
      UpdateExpression: expression.UpdateExpression,
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, ...condition.names },
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    },
  };
};

/** Transfer: the previous owner's open follow-ups go to the new owner (`gsi1sk`, the due date, stays); others' stay. */
export const followUpTransferParts = (tableName: string, customerId: string, open: readonly OpenFollowUpRef[], from: string, to: string): CustomerPart[] =>
  parts(
    'followUp',
    open
      .filter((followUp) => followUp.assigneeId === from)
      .map((followUp) =>
        followUpUpdate(
          tableName,
          customerId,
          followUp.activityId,
          followUpReassigned(to),
          { ConditionExpression: 'attribute_exists(#pk) AND #assigneeId = :from', names: { '#pk': 'pk', '#assigneeId': 'assigneeId' }, values: { ':from': from } },
        ),
      ),
  );

/** Archive: every open follow-up leaves the lists; `assigneeId` and `dueAt` stay, so a restore can re-key it. */
export const followUpArchiveParts = (tableName: string, customerId: string, open: readonly OpenFollowUpRef[]): CustomerPart[] =>
  parts(
    'followUp',
    open.map((followUp) =>
      followUpUpdate(
        tableName,
        customerId,
        followUp.activityId,
        FOLLOW_UP_OFF_LISTS,
        { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
      ),
    ),
  );

/**
 * Sends one customer transaction (conflicts retried): `undefined` when it committed, else the parts whose
 * condition refused it. Customer + its records (≤ 3) + audit entries (≤ 2) + composition (≤ 5) + ≤ 30 follow-ups:
 * far below DynamoDB's limit, checked all the same.
 */
export const transactCustomerParts = async (client: DynamoDBDocumentClient, sent: readonly CustomerPart[]): Promise<RefusedParts<CustomerPart['label']> | undefined> => {
  if (sent.length > MAX_TRANSACTION_ITEMS) throw new Error(`A customer transaction of ${sent.length} items exceeds ${MAX_TRANSACTION_ITEMS}.`);
  return transactParts(client, sent);
};

/**
 * A refusal caused by the follow-ups, not by the customer: a follow-up refused, or the customer refused only
 * because its `openFollowUpCount` moved (still there, not archived, same version and owner as read).
 */
export const followUpRaced = (refused: RefusedParts<CustomerPart['label']>, before: Item): boolean => {
  if (!refused.has('customer')) return refused.has('followUp');
  const old = refused.old('customer');
  return (
    old !== undefined &&
    old.deletedAt === undefined &&
    old.version === before.version &&
    old.ownerId === before.ownerId &&
    old.openFollowUpCount !== before.openFollowUpCount
  );
};

export const RACED = Symbol('follow-ups changed meanwhile');

/** Runs `attempt` (read, then transaction) again while it reports a follow-up race, at most FOLLOW_UP_ATTEMPTS times. */
export const retryFollowUpRaces = async <T>(attempt: () => Promise<T | typeof RACED>): Promise<T> => {
  for (let n = 1; n <= FOLLOW_UP_ATTEMPTS; n += 1) {
    const outcome = await attempt();
    if (outcome !== RACED) return outcome;
  }
  throw new DomainError(ErrorCode.ConcurrentChange, 'The customer’s follow-ups kept changing; retry after a moment.', { retryAfterSeconds: 1 });
};
