import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import type { RefusedParts } from '#shared/db/transactions';
import type { WriteCondition } from '#shared/db/update-expression';
import type { WriteGuard } from './customer.ports';

/** The guard shared by the customer's writes (update, archive, transfer): its condition and its refusals. */

/** A write's condition: present, not archived, expected version, and (for scoped callers) owned by them. */
export const guardCondition = (guard: WriteGuard): Required<WriteCondition> => ({
  ConditionExpression: [
    'attribute_exists(#pk)',
    'attribute_not_exists(#deletedAt)',
    '#version = :expectedVersion',
    ...(guard.ownerScope === undefined ? [] : ['#ownerId = :ownerScope']),
  ].join(' AND '),
  names: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version', ...(guard.ownerScope === undefined ? {} : { '#ownerId': 'ownerId' }) },
  values: { ':expectedVersion': guard.expectedVersion, ...(guard.ownerScope === undefined ? {} : { ':ownerScope': guard.ownerScope }) },
});

/** Why a guarded write was refused, judged from the item the condition saw. Scope before version: no leaks. */
export const refusalOf = (customerId: string, old: Item | undefined, guard: WriteGuard): DomainError => {
  if (!old || old.deletedAt !== undefined || (guard.ownerScope !== undefined && old.ownerId !== guard.ownerScope)) {
    return new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);
  }
  return new DomainError(
    ErrorCode.VersionConflict,
    `Customer ${customerId} has changed since you read it (now version ${String(old.version)}); read it again.`,
  );
};

/**
 * A transaction refused by a part no rule explains: the cancellation itself, rethrown as it came, so that a
 * conflict or throttling reason beside it still answers 409 / 503 (a bare condition failure stays a 500).
 */
export const unexplainedRefusal = (refused: RefusedParts<string>): unknown => refused.error;
