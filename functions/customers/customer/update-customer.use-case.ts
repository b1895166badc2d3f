import type { Customer, UpdateCustomerInput } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import { ownerScopeOf } from './customer.rules';

/**
 * Update a customer's fields.
 *
 * Primary course: one conditional write applies the changes when the customer exists, is not archived, is in
 * the caller's scope and still has the version the caller read (If-Match); the version goes up by one.
 *
 * Alternates: missing, archived or out of scope → CustomerNotFound (404); another version → VersionConflict (412).
 */
export const updateCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string; changes: UpdateCustomerInput; expectedVersion: number },
): Promise<Customer> => {
  const { caller } = request;
  const guard = { expectedVersion: request.expectedVersion, ownerScope: ownerScopeOf(caller) };
  return deps.customers.update(request.customerId, request.changes, guard, {
    username: caller.username,
    at: deps.clock.now().toISOString(),
  });
};
