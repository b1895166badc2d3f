import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { followUpKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { cancellationReasonsOf, oldItemOf, withConflictRetry, type TransactItem } from '#shared/db/transactions';
import type { WriteCondition } from '#shared/db/update-expression';

type Item = Record<string, unknown>;

/**
 * The customer's open follow-ups in its transfer and archive transactions (docs/data-model.md, "Contacts,
 * activities, follow-ups and the customer 360 view"): a transfer moves the previous owner's to the new owner, an
 * archive takes them all off the lists. They are read first (one Query of the head, at most 30); the transaction
 * then holds each one to the item read and the customer to the `openFollowUpCount` read, so a follow-up opened,
 * closed or rescheduled meanwhile refuses it, and the write is read and tried again (`retryFollowUpRaces`).
 */

/** What each element of the transaction is: a refusal is explained by the element that refused, not its index. */
export type Part = 'customer' | 'followUp' | 'other';
export type Parts = (readonly [Part, TransactItem])[];

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

const followUpUpdate = (tableName: string, customerId: string, activityId: string, update: { expression: string; condition: string; names: Record<string, string>; values?: Item }): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: followUpKeys.item(customerId, activityId),
    UpdateExpression: update.expression,
    ConditionExpression: update.condition,
    ExpressionAttributeNames: { '#pk': 'pk', ...update.names },
    ...(update.values ? { ExpressionAttributeValues: update.values } : {}),
  },
});

/** Transfer: the previous owner's open follow-ups go to the new owner (`gsi1sk`, the due date, stays); others' stay. */
export const followUpTransferParts = (tableName: string, customerId: string, open: readonly OpenFollowUpRef[], from: string, to: string): Parts =>
  open
    .filter((followUp) => followUp.assigneeId === from)
    .map((followUp) => [
      'followUp',
      followUpUpdate(tableName, customerId, followUp.activityId, {
        expression: 'SET #assigneeId = :to, #listPk = :listPk',
        condition: 'attribute_exists(#pk) AND #assigneeId = :from',
        names: { '#assigneeId': 'assigneeId', '#listPk': followUpKeys.byAssignee.pkAttribute },
        values: { ':to': to, ':from': from, ':listPk': followUpKeys.byAssignee.pk(to) },
      }),
    ]);

/** Archive: every open follow-up leaves the lists; `assigneeId` and `dueAt` stay, so a restore can re-key it. */
export const followUpArchiveParts = (tableName: string, customerId: string, open: readonly OpenFollowUpRef[]): Parts =>
  open.map((followUp) => [
    'followUp',
    followUpUpdate(tableName, customerId, followUp.activityId, {
      expression: 'REMOVE #listPk, #listSk',
      condition: 'attribute_exists(#pk)',
      names: { '#listPk': followUpKeys.byAssignee.pkAttribute, '#listSk': followUpKeys.byAssignee.skAttribute },
    }),
  ]);

export interface Refusal {
  /** The parts whose condition failed, with the item each condition saw (ALL_OLD where asked). */
  readonly failed: ReadonlyMap<Part, Item | undefined>;
  readonly error: unknown;
}

/** Sends one transaction (conflicts retried); a cancellation by a condition comes back as the parts that refused. */
export const sendParts = async (client: DynamoDBDocumentClient, parts: Parts): Promise<Refusal | undefined> => {
  // customer + its records (≤ 3) + audit entries (≤ 2) + composition (≤ 5) + ≤ 30 follow-ups: far below 100.
  if (parts.length > MAX_TRANSACTION_ITEMS) throw new Error(`A customer transaction of ${parts.length} items exceeds ${MAX_TRANSACTION_ITEMS}.`);
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: parts.map(([, item]) => item) })));
    return undefined;
  } catch (error) {
    const reasons = cancellationReasonsOf(error);
    if (!reasons) throw error;
    const failed = new Map<Part, Item | undefined>();
    reasons.forEach((reason, index) => {
      const part = parts[index]?.[0];
      if (part && reason.Code === 'ConditionalCheckFailed' && !failed.has(part)) failed.set(part, oldItemOf(reason));
    });
    if (failed.size === 0) throw error;
    return { failed, error };
  }
};

/**
 * A refusal caused by the follow-ups, not by the customer: a follow-up refused, or the customer refused only
 * because its `openFollowUpCount` moved (still there, not archived, same version and owner as read).
 */
export const followUpRaced = ({ failed }: Refusal, before: Item): boolean => {
  if (!failed.has('customer')) return failed.has('followUp');
  const old = failed.get('customer');
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
