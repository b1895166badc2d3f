import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerTombstoneEntity } from '#shared/customer-records/customer-tombstone.entity';
import { part, parts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { duplicateKeyParts } from '#shared/duplicates/duplicate-keys.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { compositionUpdates } from '#shared/reports/composition.writes';
import { customerSearchTermParts } from '#shared/search/search-terms.writes';
import { transactCustomerParts } from './customer-follow-ups';
import { readCustomerItem } from './customer-reads.repository';
import { customerEntity } from './customer.entity';
import type { Actor, RestoreOutcome, StoredCustomer } from './customer.ports';

/** What a merge's retirement added to the customer item, taken off again by the restore. */
const RETIREMENT_ATTRIBUTES = ['deletedAt', 'deletedBy', 'mergedInto', 'mergeId'];

/**
 * Brings back a customer a merge retired (the revert of a merge, functions/customers/merge/): the reverse of the
 * archive, in ONE transaction — the customer item back on every list and (active) on the churn watch, its retirement
 * marks removed, version +1; its composition counts, search terms and duplicate keys back (duplicates allowed: the
 * survivor usually holds the same keys); the merge's tombstone deleted (the customer's own change after it puts it
 * back in the delta feeds); audited (`restore`). Held to the version read and to the merge that retired it.
 *
 * Outcomes: `restored`; `live` when it is not archived (a re-run after a restore). Missing → 404; archived by
 * something else than this merge → 409. Its open follow-ups are not put back on the lists here: a merge moved them,
 * and the revert moves them back with their list keys.
 */
export const restoreMergedCustomer = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
  merge: { readonly mergeId: string },
  actor: Actor,
): Promise<RestoreOutcome> => {
  const before = await readCustomerItem(client, tableName, customerId);
  if (!before) throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);
  if (before.deletedAt === undefined) return 'live';
  if (before.mergeId !== merge.mergeId) {
    throw new DomainError(ErrorCode.InvalidTransition, `Customer ${customerId} was not archived by merge ${merge.mergeId}.`);
  }
  const archived = customerEntity.fromItem(before);
  const { deletedAt: _deletedAt, mergedInto: _mergedInto, ...live } = archived;
  const restored: StoredCustomer = { ...live, version: archived.version + 1, updatedAt: actor.at, updatedBy: actor.username };
  const { pk: _pk, sk: _sk, ...attributes } = customerEntity.toItem(restored);
  const refused = await transactCustomerParts(client, [
    part(
      'customer',
      conditionalUpdate(tableName, customerKeys.item(customerId), buildUpdateExpression({ set: attributes, remove: RETIREMENT_ATTRIBUTES }), {
        ConditionExpression: '#version = :version AND #mergeId = :mergeId AND attribute_exists(#deletedAt)',
        names: { '#version': 'version', '#mergeId': 'mergeId', '#deletedAt': 'deletedAt' },
        values: { ':version': before.version, ':mergeId': merge.mergeId },
      }),
    ),
    ...parts('composition', compositionUpdates(tableName, customerId, undefined, restored)),
    ...parts('search', customerSearchTermParts(tableName, archived, restored)),
    ...parts('duplicate', duplicateKeyParts(tableName, customerId, archived, restored, { allowDuplicates: true })),
    part('tombstone', {
      Delete: { TableName: tableName, Key: customerTombstoneEntity.keyOf({ id: customerId, deletedAt: archived.deletedAt!, ownerId: archived.ownerId, reason: 'merged' }) },
    }),
    part('audit', auditPut(tableName, {
      at: actor.at,
      actor: actor.username,
      action: 'restore',
      entityType: 'customer',
      entityId: customerId,
      customerId,
      entityVersion: restored.version,
      changes: changesBetween(archived, restored),
    })),
  ]);
  if (!refused) return 'restored';
  if (refused.has('customer')) {
    // A second runner restored it first: nothing left to do.
    if (refused.old('customer')?.deletedAt === undefined) return 'live';
    throw new DomainError(ErrorCode.ConcurrentChange, `Customer ${customerId} changed while it was restored; retry.`);
  }
  throw refused.error;
};
