import type { Customer, TransferCustomerInput } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import { resolveOwner } from './customer.rules';

/**
 * Transfer a customer to another owner (managers only — the route's capability says so).
 *
 * Primary course: the new owner is an enabled user whose role may own customers; one transaction moves the
 * customer to them (version checked) and records the transfer (from, to, reason, by, at) in the customer's
 * item collection.
 *
 * Alternates: unknown or unfit owner → InvalidOwner (400); already theirs → InvalidTransition (409);
 * missing or archived → 404; stale version → 412.
 */
export const transferCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string; input: TransferCustomerInput; expectedVersion: number },
): Promise<Customer> => {
  const owner = await resolveOwner(deps.directory, request.input.ownerId);
  return deps.customers.transfer(
    request.customerId,
    { ...owner, reason: request.input.reason },
    { expectedVersion: request.expectedVersion },
    { username: request.caller.username, at: deps.clock.now().toISOString() },
  );
};
