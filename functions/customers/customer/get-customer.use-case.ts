import { guardedRead } from '#shared/read-guard/customer-read-guard';
import type { Customer } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import { customerGoneFor, visibleTo, withoutStorageMarkers } from './customer.rules';

/**
 * Read one customer.
 *
 * Primary course: the customer exists, is not archived, and is within the caller's scope → it is returned.
 * Otherwise → CustomerNotFound (404), whichever of the three it was, so nothing leaks; a customer merged into
 * another (and visible to the caller) names the survivor in the problem's `mergedInto`.
 *
 * Guard: one customer-record read for the read guard, counted concurrently with the GetItem; the read that takes
 * the caller over the limit locks the account and answers AccountLocked (403) instead of the customer.
 */
export const getCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; customerId: string },
): Promise<Customer> =>
  guardedRead(
    deps.readGuard,
    request.caller.username,
    1,
    async () => {
      const customer = await deps.customers.get(request.customerId);
      if (!visibleTo(request.caller, customer)) throw customerGoneFor(request.caller, request.customerId, customer);
      return withoutStorageMarkers(customer);
    },
    () => 1,
  );
