import type { Caller, CustomerDependencies } from './customer.dependencies';
import { ownerScopeOf } from './customer.rules';

/**
 * Archive (soft-delete) a customer.
 *
 * Primary course: under the same conditions as an update, the customer is marked archived and leaves every
 * list index; reads answer 404 from then on. The record, its number and everything under it are kept, so an
 * administrator can restore it.
 */
export const deleteCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string; expectedVersion: number },
): Promise<void> => {
  const { caller } = request;
  await deps.customers.archive(
    request.customerId,
    { expectedVersion: request.expectedVersion, ownerScope: ownerScopeOf(caller) },
    { username: caller.username, at: deps.clock.now().toISOString() },
  );
};
