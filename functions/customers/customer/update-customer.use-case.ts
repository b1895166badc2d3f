import type { Customer, UpdateCustomerInput } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import { checkProfileChange, ownerScopeOf } from './customer.rules';

/**
 * Update a customer's fields.
 *
 * Primary course: one conditional write applies the changes when the customer exists, is not archived, is in
 * the caller's scope and still has the version the caller read (If-Match); the version goes up by one.
 *
 * The issue-17 rules (customer.rules.ts) are judged on the customer as it would be after the change: a gender or
 * birthday needs `kind: person`, a birthday is not in the future, a Chinese customer's province and city are GB/T
 * 2260 codes and the city lies in the province.
 *
 * Alternates: missing, archived or out of scope → CustomerNotFound (404); another version → VersionConflict (412);
 * a rule broken → ValidationFailed (400 naming the field), nothing written.
 */
export const updateCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string; changes: UpdateCustomerInput; expectedVersion: number },
): Promise<Customer> => {
  const { caller } = request;
  const guard = { expectedVersion: request.expectedVersion, ownerScope: ownerScopeOf(caller) };
  const now = deps.clock.now();
  return deps.customers.update(
    request.customerId,
    request.changes,
    guard,
    { username: caller.username, at: now.toISOString() },
    (before, after) => checkProfileChange(request.changes, before, after, now),
  );
};
