import { guardedRead } from '#shared/read-guard/customer-read-guard';
import type { LostCustomer } from './lost-customer.schema';
import type { Caller, LostCustomerDependencies } from './lost-customer.dependencies';
import { loadVisibleRecord } from './lost-customer.rules';

/**
 * Read a customer's lost-customer record.
 *
 * Primary course: the record and its customer are read together (one BatchGetItem); the record is returned when
 * the customer is there and in the caller's scope.
 *
 * Alternates: no record, customer archived, or another owner's customer (account managers) → 404.
 *
 * Guard: one customer-record read for the read guard (the record names the customer), counted concurrently.
 */
export const getLostCustomer = async (
  deps: LostCustomerDependencies,
  request: { caller: Caller; customerId: string },
): Promise<LostCustomer> =>
  guardedRead(deps.readGuard, request.caller.username, 1, () => loadVisibleRecord(deps, request.caller, request.customerId), () => 1);
