import { TransactGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerHeadOf, type CustomerGuard, type CustomerHead } from './customer-head';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import type { TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, changesSomething, type UpdatePlan } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';

/**
 * Transaction items and reads shared by the records that live under a customer (contacts, activities,
 * follow-ups): the customer guard every write carries in its transaction, the refusal it explains, and one
 * consistent read of several items. See docs/data-model.md, "Contacts, activities, follow-ups and the customer 360 view".
 */

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
  /** Counters that may not exist yet (DynamoDB `ADD`: a missing counter counts as 0). */
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

/** Several changes of the customer item as one (their sets, removes, counters and conditions together). */
export const mergeChanges = (...changes: CustomerItemChange[]): CustomerItemChange => ({
  set: Object.assign({}, ...changes.map((change) => change.set ?? {})),
  remove: changes.flatMap((change) => change.remove ?? []),
  add: Object.assign({}, ...changes.map((change) => change.add ?? {})),
  conditions: changes.flatMap((change) => change.conditions ?? []),
});

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
  const plan: UpdatePlan = { set: change.set ?? {}, remove: change.remove ?? [], add: change.add ?? {} };
  if (!changesSomething(plan)) {
    return {
      ConditionCheck: {
        ...base,
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      },
    };
  }
  const update = buildUpdateExpression(plan, 'c');
  const allValues = { ...values, ...update.ExpressionAttributeValues };
  return {
    Update: {
      ...base,
      UpdateExpression: update.UpdateExpression,
      ExpressionAttributeNames: { ...names, ...update.ExpressionAttributeNames },
      ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
    },
  };
};

/**
 * A record's state after a PATCH — `before` with the changes applied (a value sets, `null` clears) and the
 * bookkeeping of the write — so its audit entry's diff needs no read after the transaction (which cannot return it).
 */
export const afterChanges = <T extends { version: number }>(before: T, changes: Readonly<Record<string, unknown>>, actor: { username: string; at: string }): T => {
  const after: Record<string, unknown> = { ...before };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete after[field];
    else if (value !== undefined) after[field] = value;
  }
  return { ...(after as T), version: before.version + 1, updatedAt: actor.at, updatedBy: actor.username };
};

/** Scope before anything else: a customer the guard did not accept is "not found", whatever else failed. */
export const customerRefusal = (guard: CustomerGuard, old: CustomerHead | undefined): DomainError | undefined =>
  !old || old.deletedAt !== undefined || (guard.ownerScope !== undefined && old.ownerId !== guard.ownerScope)
    ? new DomainError(ErrorCode.CustomerNotFound, `Customer ${guard.customerId} does not exist.`)
    : undefined;

/** `customerRefusal` of the item the customer part's condition saw (ALL_OLD). */
export const customerRefusalOf = (guard: CustomerGuard, old: Item | undefined): DomainError | undefined =>
  customerRefusal(guard, customerHeadOf(old));

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
