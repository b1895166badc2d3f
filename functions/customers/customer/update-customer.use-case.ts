import { addedKeys, DUPLICATE_FIELDS, type DuplicateKey } from '#shared/duplicates/duplicate-keys';
import { isPossibleDuplicate, pairsOf, possibleDuplicate } from '#shared/duplicates/duplicate-candidates';
import type { Customer, UpdateCustomerInput } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import type { DuplicatePolicy } from '#shared/duplicates/duplicate-candidates';
import { checkProfileChange, ownerScopeOf } from './customer.rules';

/**
 * Update a customer's fields.
 *
 * Primary course: one conditional write applies the changes when the customer exists, is not archived, is in
 * the caller's scope and still has the version the caller read (If-Match); the version goes up by one. A change of
 * the name, phone, e-mail or a licence / tax number moves the customer's keys in the duplicate index in the same
 * transaction; a key it newly takes must be free.
 *
 * The issue-17 rules (customer.rules.ts) are judged on the customer as it would be after the change: a gender or
 * birthday needs `kind: person`, a birthday is not in the future, a Chinese customer's province and city are GB/T
 * 2260 codes and the city lies in the province.
 *
 * Alternates: missing, archived or out of scope → CustomerNotFound (404); another version → VersionConflict (412);
 * a rule broken → ValidationFailed (400 naming the field), nothing written. A new key another customer holds →
 * PossibleDuplicate (409, the candidates the caller may see), unless `allowDuplicate` (then recorded as pairs).
 */
export const updateCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string; changes: UpdateCustomerInput; expectedVersion: number; allowDuplicate?: boolean },
): Promise<Customer> => {
  const { caller, customerId, changes } = request;
  const guard = { expectedVersion: request.expectedVersion, ownerScope: ownerScopeOf(caller) };
  const now = deps.clock.now();
  const touchesKeys = DUPLICATE_FIELDS.some((field) => changes[field] !== undefined);
  // The keys the change newly gives the customer (read from its current state; the write re-checks the version).
  const newKeys = async (): Promise<DuplicateKey[]> => {
    const current = await deps.customers.get(customerId);
    return current ? addedKeys(current, { ...current, ...changes } as Customer) : [];
  };
  const duplicates: DuplicatePolicy = !touchesKeys
    ? { allow: true }
    : request.allowDuplicate
      ? { allow: true, pairs: pairsOf(await deps.duplicates.candidatesOf(await newKeys(), customerId)) }
      : { allow: false };
  const write = () =>
    deps.customers.update(
      customerId,
      changes,
      guard,
      { username: caller.username, at: now.toISOString() },
      (before, after) => checkProfileChange(changes, before, after, now),
      duplicates,
    );
  try {
    return await write();
  } catch (error) {
    if (!isPossibleDuplicate(error)) throw error;
    const candidates = await deps.duplicates.candidatesOf(await newKeys(), customerId);
    if (candidates.length === 0) return write();
    throw possibleDuplicate(caller, candidates);
  }
};
