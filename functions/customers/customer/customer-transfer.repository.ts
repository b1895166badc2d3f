import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lostCustomerOwnerUpdate } from '#functions/customers/lost-customers/lost-customer.writes';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { churnKeys } from '#shared/churn/churn.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { logger } from '#shared/core/logger';
import { part, parts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, type UpdatePlan } from '#shared/db/update-expression';
import { ownerSortSet, sortKeySet } from '#shared/customer-records/customer-sort-indexes';
import { moveReceivablesToOwner } from '#shared/dunning/receivable-owner.repository';
import { customerTombstonePut } from '#shared/customer-records/customer-tombstone.entity';
import { moveOwnerFeed } from '#shared/customer-records/owner-feed';
import { moveCareToOwner } from '#shared/reminders/care-owner.repository';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerSearchTermParts } from '#shared/search/search-terms.writes';
import {
  followUpRaced,
  followUpTransferParts,
  RACED,
  readOpenFollowUps,
  retryFollowUpRaces,
  transactCustomerParts,
  withFollowUpCount,
  type CustomerPart,
} from './customer-follow-ups';
import { readCustomerItem } from './customer-reads.repository';
import { customerEntity } from './customer.entity';
import type { Actor, WriteGuard } from './customer.ports';
import type { Customer } from './customer.schema';
import { customerTransferEntity } from './customer-transfer.entity';
import { guardCondition, refusalOf, unexplainedRefusal } from './customer.writes';

export interface NewOwner {
  readonly ownerId: string;
  readonly ownerName: string;
  readonly reason?: string | undefined;
}

/** The audit entries of a transfer: the customer's (owner id and name, with the reason) and its lost-customer record's. */
const transferAuditParts = (tableName: string, current: Customer, owner: NewOwner, hasLostRecord: boolean, actor: Actor): CustomerPart[] => {
  const common = { at: actor.at, actor: actor.username, action: 'transfer' as const, customerId: current.id, ...(owner.reason ? { note: owner.reason } : {}) };
  return [
    part('audit', auditPut(tableName, {
      ...common,
      entityType: 'customer',
      entityId: current.id,
      entityVersion: current.version + 1,
      changes: changesBetween({ ownerId: current.ownerId, ownerName: current.ownerName }, { ownerId: owner.ownerId, ownerName: owner.ownerName }),
    })),
    // The record's owner always equals its customer's (it follows every transfer); its version is not read here.
    ...(hasLostRecord
      ? [part('audit', auditPut(tableName, { ...common, entityType: 'lost-customer', entityId: current.id, changes: changesBetween({ ownerId: current.ownerId }, { ownerId: owner.ownerId }) }))]
      : []),
  ];
};

/**
 * Moves the customer to a new owner in one transaction: the customer (guarded, and held to the churn status and
 * open follow-ups read), the transfer record, the lost-customer record if there is one, the previous owner's open
 * follow-ups (customer-follow-ups.ts), and the audit entries last. Then the customer's open receivables move to the
 * new owner's dunning list (shared/dunning/receivable-owner.repository.ts, outside the transaction: unbounded), and
 * its contacts and orders to the new owner's delta feeds, each leaving a tombstone in the previous owner's
 * (shared/customer-records/owner-feed.ts; outside the transaction for the same reason), and its care reminders to the
 * new owner's calendar (shared/reminders/care-owner.repository.ts).
 */
export const transferCustomer = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
  owner: NewOwner,
  guard: WriteGuard,
  actor: Actor,
): Promise<Customer> => {
  const transferred = await transferTransaction(client, tableName, customerId, owner, guard, actor);
  try {
    await moveReceivablesToOwner(client, tableName, customerId, owner.ownerId);
  } catch (error) {
    // The transfer has committed: answering 500 would invite a retry that 412s. Reminders resolve the owner at
    // delivery and the list checks it, so only the new owner's list lags until `npm run backfill:receivables`.
    logger.error('transfer: open receivables not moved to the new owner', { customerId, errorName: (error as Error | undefined)?.name });
  }
  try {
    await moveCareToOwner(client, tableName, customerId, owner.ownerId);
  } catch (error) {
    // Committed, as above: care reminders are delivered to the owner resolved then; only the calendars lag until
    // `npm run backfill:care-index` moves them.
    logger.error('transfer: care reminders not moved to the new owner', { customerId, errorName: (error as Error | undefined)?.name });
  }
  for (const kind of ['contact', 'order'] as const) {
    try {
      await moveOwnerFeed(client, tableName, kind, customerId, owner.ownerId);
    } catch (error) {
      // Committed, as above: the feeds' scope check already hides the records from the previous owner; the new
      // owner's feed lacks them until `npm run backfill:contact-feed` / `backfill:order-feed` moves them.
      logger.error(`transfer: ${kind}s not moved to the new owner's feed`, { customerId, errorName: (error as Error | undefined)?.name });
    }
  }
  return transferred;
};

const transferTransaction = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
  owner: NewOwner,
  guard: WriteGuard,
  actor: Actor,
): Promise<Customer> =>
  retryFollowUpRaces(async () => {
    const currentItem = await readCustomerItem(client, tableName, customerId);
    const current = currentItem ? customerEntity.fromItem(currentItem) : undefined;
    if (!currentItem || !current || current.deletedAt !== undefined || current.version !== guard.expectedVersion) {
      throw refusalOf(customerId, current, guard);
    }
    // The customer's lost-customer record follows it to the new owner (owner index), in the same transaction; the
    // condition on the churn status read makes a record opened meanwhile refuse the transfer (412).
    const churnStatus = currentItem[churnKeys.statusAttribute] as string | undefined;
    if (current.ownerId === owner.ownerId) {
      throw new DomainError(ErrorCode.InvalidTransition, `Customer ${customerId} is already owned by ${owner.ownerId}.`);
    }
    // The previous owner's open follow-ups move with the customer (customer-follow-ups.ts).
    const open = await readOpenFollowUps(client, tableName, customerId);
    const plan: UpdatePlan = {
      set: {
        ownerId: owner.ownerId,
        ownerName: owner.ownerName,
        [customerKeys.byOwner.pkAttribute]: customerKeys.byOwner.pk(owner.ownerId),
        ...ownerSortSet(owner.ownerId),
        ...sortKeySet('updatedAt', customerId, actor.at),
        updatedAt: actor.at,
        updatedBy: actor.username,
      },
      increment: { version: 1 },
    };
    const condition = withFollowUpCount(guardCondition(guard), currentItem.openFollowUpCount);
    condition.ConditionExpression += churnStatus === undefined ? ' AND attribute_not_exists(#churnStatus)' : ' AND #churnStatus = :churnStatus';
    Object.assign(condition.names, { '#churnStatus': churnKeys.statusAttribute });
    if (churnStatus !== undefined) Object.assign(condition.values, { ':churnStatus': churnStatus });
    const transfer = customerTransferEntity.toItem({
      customerId,
      fromVersion: current.version,
      fromOwnerId: current.ownerId,
      toOwnerId: owner.ownerId,
      reason: owner.reason,
      transferredBy: actor.username,
      transferredAt: actor.at,
    });
    // A transaction conflict is retried like every other customer write (it was not: found by
    // test/int/faults.int.test.ts). The version condition keeps a retry from applying twice.
    const refused = await transactCustomerParts(client, [
      part('customer', conditionalUpdate(tableName, customerKeys.item(customerId), buildUpdateExpression(plan), condition)),
      // The owner is in every search term's key: the terms move with the customer.
      ...parts('search', customerSearchTermParts(tableName, current, { ...current, ownerId: owner.ownerId, ownerName: owner.ownerName })),
      part('transfer', { Put: { TableName: tableName, Item: transfer, ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(churnStatus === undefined ? [] : [part('lostRecord', lostCustomerOwnerUpdate(tableName, customerId, owner.ownerId, actor))]),
      ...followUpTransferParts(tableName, customerId, open, current.ownerId, owner.ownerId),
      // The customer leaves the previous owner's delta feed (customer-tombstone.entity.ts).
      part('tombstone', customerTombstonePut(tableName, { id: customerId, deletedAt: actor.at, reason: 'transferred', ownerId: current.ownerId })),
      ...transferAuditParts(tableName, current, owner, churnStatus !== undefined, actor),
    ]);
    if (refused && followUpRaced(refused, currentItem)) return RACED;
    if (refused?.has('customer')) throw refusalOf(customerId, refused.old('customer'), guard);
    if (refused) throw unexplainedRefusal(refused);
    return { ...current, ownerId: owner.ownerId, ownerName: owner.ownerName, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username };
  });
