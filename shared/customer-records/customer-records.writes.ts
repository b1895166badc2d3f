import { GetCommand, TransactGetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerGuard, CustomerHead } from './customer-head';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { customerKeys } from '#shared/keys/customer.keys';
import { idempotencyKeys } from '#shared/idempotency/idempotency.keys';
import { cancellationReasonsOf, oldItemOf, withConflictRetry, type TransactItem } from '#shared/db/transactions';

export type { TransactItem };

/**
 * DynamoDB helpers shared by the records that live under a customer (contacts, activities, follow-ups): the
 * customer guard every write carries in its transaction, the replay of an idempotent create, and small
 * transaction / read wrappers. See docs/data-model.md, "Contacts, activities, follow-ups and the 360 view".
 */

export type Item = Record<string, unknown>;

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/** One condition clause with its own placeholders. */
export interface Clause {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

/** What a write under a customer changes on the customer item — derived fields only, never `version`. */
export interface CustomerItemChange {
  readonly set?: Record<string, unknown>;
  readonly remove?: readonly string[];
  /** Counters that may not exist yet: `attr = if_not_exists(attr, 0) + delta`. */
  readonly add?: Record<string, number>;
  /** Further conditions (limits, the primary pointer, lastContactAt) on top of the guard. */
  readonly conditions?: readonly Clause[];
}

/** `(attribute_not_exists(attr) OR attr < max)`: a counter that may not reach `max`. */
export const belowLimit = (attribute: string, max: number): Clause => ({
  expression: `(attribute_not_exists(#lim_${attribute}) OR #lim_${attribute} < :lim_${attribute})`,
  names: { [`#lim_${attribute}`]: attribute },
  values: { [`:lim_${attribute}`]: max },
});

/** `(attribute_not_exists(attr) OR attr <= value)`: lets a timestamp only move forward. */
export const notAfter = (attribute: string, value: string): Clause => ({
  expression: `(attribute_not_exists(#fwd_${attribute}) OR #fwd_${attribute} <= :fwd_${attribute})`,
  names: { [`#fwd_${attribute}`]: attribute },
  values: { [`:fwd_${attribute}`]: value },
});

/** `attr = value`. */
export const equals = (attribute: string, value: unknown): Clause => ({
  expression: `#eq_${attribute} = :eq_${attribute}`,
  names: { [`#eq_${attribute}`]: attribute },
  values: { [`:eq_${attribute}`]: value },
});

/** Builds SET / REMOVE with placeholders for every name and value (user data never reaches the expression). */
export const updateExpressionOf = (
  change: { set?: Record<string, unknown>; remove?: readonly string[]; add?: Record<string, number>; increment?: Record<string, number> },
  prefix: string,
): { UpdateExpression: string; names: Record<string, string>; values: Record<string, unknown> } => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let n = 0;
  const name = (attribute: string): string => {
    const placeholder = `#${prefix}${n++}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const value = (given: unknown): string => {
    const placeholder = `:${prefix}${n++}`;
    values[placeholder] = given;
    return placeholder;
  };
  const sets = [
    ...Object.entries(change.set ?? {}).map(([attribute, given]) => `${name(attribute)} = ${value(given)}`),
    ...Object.entries(change.add ?? {}).map(([attribute, delta]) => {
      const placeholder = name(attribute);
      return `${placeholder} = if_not_exists(${placeholder}, ${value(0)}) + ${value(delta)}`;
    }),
    ...Object.entries(change.increment ?? {}).map(([attribute, delta]) => {
      const placeholder = name(attribute);
      return `${placeholder} = ${placeholder} + ${value(delta)}`;
    }),
  ];
  const removes = (change.remove ?? []).map(name);
  const clauses = [sets.length > 0 ? `SET ${sets.join(', ')}` : '', removes.length > 0 ? `REMOVE ${removes.join(', ')}` : ''];
  return { UpdateExpression: clauses.filter(Boolean).join(' '), names, values };
};

/**
 * The customer item in a write's transaction: it must exist, not be archived and (for account managers) be owned
 * by the caller. A ConditionCheck when nothing changes on it, else an Update of derived fields only.
 * `ALL_OLD` on failure lets the caller tell "not found" from a failed limit without another read.
 */
export const customerGuardItem = (tableName: string, guard: CustomerGuard, change: CustomerItemChange = {}): TransactItem => {
  const clauses: Clause[] = [
    { expression: 'attribute_exists(#g_pk) AND attribute_not_exists(#g_deletedAt)', names: { '#g_pk': 'pk', '#g_deletedAt': 'deletedAt' } },
    ...(guard.ownerScope === undefined
      ? []
      : [{ expression: '#g_ownerId = :g_ownerId', names: { '#g_ownerId': 'ownerId' }, values: { ':g_ownerId': guard.ownerScope } }]),
    ...(change.conditions ?? []),
  ];
  const names = Object.assign({}, ...clauses.map((clause) => clause.names ?? {})) as Record<string, string>;
  const values = Object.assign({}, ...clauses.map((clause) => clause.values ?? {})) as Record<string, unknown>;
  const base = {
    TableName: tableName,
    Key: customerKeys.item(guard.customerId),
    ConditionExpression: clauses.map((clause) => clause.expression).join(' AND '),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  const hasChange = Object.keys(change.set ?? {}).length + (change.remove?.length ?? 0) + Object.keys(change.add ?? {}).length > 0;
  if (!hasChange) {
    return {
      ConditionCheck: {
        ...base,
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      },
    };
  }
  const update = updateExpressionOf(change, 'c');
  const allValues = { ...values, ...update.values };
  return {
    Update: {
      ...base,
      UpdateExpression: update.UpdateExpression,
      ExpressionAttributeNames: { ...names, ...update.names },
      ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
    },
  };
};

/**
 * audit: a record's state after a PATCH — `before` with the changes applied (a value sets, `null` clears) and the
 * bookkeeping of the write — so the entry's diff needs no read after the transaction (which cannot return it).
 */
export const afterChanges = <T extends { version: number }>(before: T, changes: Readonly<Record<string, unknown>>, actor: { username: string; at: string }): T => {
  const after: Record<string, unknown> = { ...before };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete after[field];
    else if (value !== undefined) after[field] = value;
  }
  return { ...(after as T), version: before.version + 1, updatedAt: actor.at, updatedBy: actor.username };
};

/** The fields of the customer item that the records under it read. */
export const customerHeadOf = (item: Item | undefined): CustomerHead | undefined => {
  if (!item || typeof item.id !== 'string' || typeof item.ownerId !== 'string') return undefined;
  const optional = (key: string) => (item[key] === undefined ? {} : { [key]: item[key] });
  return {
    id: item.id,
    ownerId: item.ownerId,
    ...optional('deletedAt'),
    ...optional('primaryContactId'),
    ...optional('lastContactAt'),
    ...optional('contactCount'),
    ...optional('openFollowUpCount'),
  } as CustomerHead;
};

/** Scope before anything else: a customer the guard did not accept is "not found", whatever else failed. */
export const customerRefusal = (guard: CustomerGuard, old: CustomerHead | undefined): DomainError | undefined =>
  !old || old.deletedAt !== undefined || (guard.ownerScope !== undefined && old.ownerId !== guard.ownerScope)
    ? new DomainError(ErrorCode.CustomerNotFound, `Customer ${guard.customerId} does not exist.`)
    : undefined;

/** Runs a transaction; answers the cancellation reasons when a condition failed (conflicts are retried first). */
export const transact = async (client: DynamoDBDocumentClient, items: TransactItem[]): Promise<CancellationReason[] | undefined> => {
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: items })));
    return undefined;
  } catch (error) {
    const reasons = cancellationReasonsOf(error);
    if (!reasons || !reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) throw error;
    return reasons;
  }
};

export const failed = (reasons: CancellationReason[], index: number): boolean => reasons[index]?.Code === 'ConditionalCheckFailed';

export const oldOf = (reasons: CancellationReason[], index: number): Item | undefined => oldItemOf(reasons[index]);

/** Consistent reads of several items in one request (TransactGetItems: one snapshot). */
export const transactGet = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, string>[],
): Promise<(Item | undefined)[]> => {
  const { Responses } = await client.send(
    new TransactGetCommand({ TransactItems: keys.map((Key) => ({ Get: { TableName: tableName, Key } })) }),
  );
  return keys.map((_, index) => Responses?.[index]?.Item as Item | undefined);
};

// ------------------------------------------------------------------------------------------- idempotency

/** The first answer for the same key and request; another request with the key → 422. */
export const replayIdempotent = async <T>(client: DynamoDBDocumentClient, tableName: string, claim: IdempotencyClaim): Promise<T> => {
  const { Item: record } = await client.send(
    new GetCommand({ TableName: tableName, Key: idempotencyKeys.item(claim.username, claim.operationId, claim.key), ConsistentRead: true }),
  );
  if (!record || record.fingerprint !== claim.fingerprint) {
    throw new DomainError(
      ErrorCode.IdempotencyKeyReused,
      'This Idempotency-Key was already used with a different request; use a new key for a new request.',
    );
  }
  return record.response as T;
};
