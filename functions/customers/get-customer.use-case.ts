import type { Customer } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import { customerNotFound, visibleTo, withoutStorageMarkers } from './customer.rules';

/**
 * Read one customer.
 *
 * Primary course: the customer exists, is not archived, and is within the caller's scope → it is returned.
 * Otherwise → CustomerNotFound (404), whichever of the three it was, so nothing leaks.
 */
export const getCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string },
): Promise<Customer> => {
  const customer = await deps.customers.get(request.customerId);
  if (!visibleTo(request.caller, customer)) throw customerNotFound(request.customerId);
  return withoutStorageMarkers(customer);
};
