import { DomainError, ErrorCode, isDomainError } from '#shared/core/errors';
import type { Caller, CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import type { StoredCustomer } from '#functions/customers/customer/customer.ports';
import { customerGoneFor, customerNotFound, visibleTo } from '#functions/customers/customer/customer.rules';
import type { UpdateCustomerInput } from '#functions/customers/customer/customer.schema';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import type { BulkChanges } from './bulk-update.schema';

/** A customer holds at most 20 tags (the customer schema's bound). */
const MAX_TAGS = 20;

/** The new owner of a bulk transfer, resolved once for the whole selection (customer.rules.ts, `resolveOwner`). */
export interface BulkOwner {
  readonly ownerId: string;
  readonly ownerName: string;
}

/** What became of one customer. `refused`: a DomainError that answers for this customer only. */
export type BulkOutcome =
  | { readonly kind: 'updated'; readonly version: number }
  | { readonly kind: 'unchanged'; readonly version: number }
  | { readonly kind: 'refused'; readonly error: DomainError; readonly version?: number };

/** The customer's tags after the edit: those removed dropped, those added appended (each once, order kept). */
export const tagsAfter = (current: readonly string[], edit: NonNullable<BulkChanges['tags']>): string[] => {
  const kept = current.filter((tag) => !(edit.remove ?? []).includes(tag));
  return [...kept, ...(edit.add ?? []).filter((tag) => !kept.includes(tag))];
};

const sameTags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((tag, index) => tag === b[index]);

/** The field changes a customer still needs (those it already has left out): what the customer update applies. */
export const fieldChangesFor = (customer: StoredCustomer, changes: BulkChanges): UpdateCustomerInput => {
  const update: UpdateCustomerInput = {};
  for (const field of ['level', 'region', 'industry'] as const) {
    const value = changes[field];
    if (value !== undefined && customer[field] !== value) update[field] = value;
  }
  if (changes.tags) {
    const tags = tagsAfter(customer.tags ?? [], changes.tags);
    if (!sameTags(tags, customer.tags ?? [])) update.tags = tags;
  }
  return update;
};

const concurrentChange = (customerId: string, applied: string): DomainError =>
  new DomainError(ErrorCode.ConcurrentChange, `Customer ${customerId} changed while the bulk edit applied to it${applied}; read it and send it again.`);

/** Faults that are not this customer's: the whole request answers them (503 / 409 with Retry-After). */
const isInfrastructure = (error: unknown): boolean => !isDomainError(error) || error.code === ErrorCode.ServiceBusy || error.code === ErrorCode.ConcurrentChange;

/**
 * Apply a bulk edit to one customer (the synchronous bulk edit and each item of a bulk-update job).
 *
 * Primary course: the customer is read; the caller must see it (an account manager: their own, live one) and, when
 * a version is given, it must be at that version. The changes it does not already have are applied by the customer
 * update use case (update-customer.use-case.ts: one transaction with the audit entry, index attributes, composition
 * counts, search terms, delta feed), held to the version read; a new owner then by the customer's transfer (the
 * customer repository's `transfer`: transfer record, follow-ups, lost-customer record, tombstone, audit, then the
 * open receivables), held to the version the update left. A customer already as asked is not written.
 *
 * Alternates (this customer only, nothing written to it): not visible → CustomerNotFound (404; a customer merged
 * into another the caller may see names the survivor, `mergedInto`, as its GET does); not at the version
 * given → VersionConflict (412); changed between the read and the write → ConcurrentChange (409; when the fields
 * were applied but the transfer was refused, the answer says so and carries the version the update left); more
 * than 20 tags → LimitReached (409). Infrastructure faults are thrown: they answer for the whole request.
 */
export const applyBulkChanges = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string; version?: number | undefined; changes: BulkChanges; owner?: BulkOwner | undefined; reason: string },
): Promise<BulkOutcome> => {
  const { caller, customerId, changes, owner } = request;
  const current = await deps.customers.get(customerId);
  if (!visibleTo(caller, current)) return { kind: 'refused', error: customerGoneFor(caller, customerId, current) };
  if (request.version !== undefined && current.version !== request.version) {
    return {
      kind: 'refused',
      error: new DomainError(ErrorCode.VersionConflict, `Customer ${customerId} is at version ${current.version}, not ${request.version}; read it again.`),
    };
  }
  const update = fieldChangesFor(current, changes);
  if (update.tags && update.tags.length > MAX_TAGS) {
    return { kind: 'refused', error: new DomainError(ErrorCode.LimitReached, `Customer ${customerId} would have ${update.tags.length} tags; at most ${MAX_TAGS}.`) };
  }
  const transfer = owner !== undefined && owner.ownerId !== current.ownerId;
  if (Object.keys(update).length === 0 && !transfer) return { kind: 'unchanged', version: current.version };

  let version = current.version;
  let applied = '';
  try {
    if (Object.keys(update).length > 0) {
      version = (await updateCustomer(deps, { caller, customerId, changes: update, expectedVersion: version })).version;
      applied = ` (its ${Object.keys(update).join(', ')} were changed, version ${version}; the transfer was not)`;
    }
    if (transfer) {
      const at = deps.clock.now().toISOString();
      version = (await deps.customers.transfer(customerId, { ...owner, reason: request.reason }, { expectedVersion: version }, { username: caller.username, at })).version;
    }
    return { kind: 'updated', version };
  } catch (error) {
    if (isInfrastructure(error) || !isDomainError(error)) throw error;
    const partly = applied === '' ? {} : { version };
    if (error.code === ErrorCode.CustomerNotFound) return { kind: 'refused', error: customerNotFound(customerId), ...partly };
    // A write between the read and this one: with a version given and nothing applied, that version is stale (412).
    if (error.code === ErrorCode.VersionConflict && request.version !== undefined && applied === '') return { kind: 'refused', error };
    if (error.code === ErrorCode.VersionConflict || error.code === ErrorCode.InvalidTransition) {
      return { kind: 'refused', error: concurrentChange(customerId, applied), ...partly };
    }
    return { kind: 'refused', error, ...partly };
  }
};
