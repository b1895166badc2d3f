import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { churnKeys } from '#shared/churn/churn.keys';
import type { TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { lostCustomerEntity } from './lost-customer.entity';
import type { LostCustomer } from './lost-customer.schema';

/** Transaction items of the lost-customer record shared by its writers: the lost-customer routes and the churn job. */

/** The record's new state: over the version read (`expectedVersion`), or where no record is (`undefined`). */
export const lostCustomerRecordPut = (tableName: string, next: LostCustomer, expectedVersion: number | undefined): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: lostCustomerEntity.toItem(next),
    ...(expectedVersion === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
  },
});

/** The audit entry of a record's change: who and when from `next` (the instant it writes as updatedAt). */
export const lostCustomerAuditEvent = (
  previous: LostCustomer | undefined,
  next: LostCustomer,
  action: AuditEvent['action'],
  extra: { changes?: AuditEvent['changes']; note?: string | undefined } = {},
): AuditEvent => ({
  at: next.updatedAt,
  actor: next.updatedBy,
  action,
  entityType: 'lost-customer',
  entityId: next.customerId,
  customerId: next.customerId,
  entityVersion: next.version,
  changes: extra.changes ?? changesBetween(previous, next),
  ...(extra.note ? { note: extra.note } : {}),
});

/**
 * A transfer of the customer re-points its lost-customer record (its owner and owner index) to the new owner, in
 * the transfer's transaction; the record's version goes up.
 */
export const lostCustomerOwnerUpdate = (tableName: string, customerId: string, ownerId: string, actor: { username: string; at: string }): TransactItem =>
  conditionalUpdate(
    tableName,
    churnKeys.record(customerId),
    buildUpdateExpression({
      set: { ownerId, [churnKeys.byOwner.pkAttribute]: churnKeys.byOwner.pk(ownerId), updatedAt: actor.at, updatedBy: actor.username },
      add: { version: 1 },
    }),
    { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
  );
