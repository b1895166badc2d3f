import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import type { Caller, PortalDependencies } from './portal.ports';
import type { PortalUser } from './portal-user.schema';

/**
 * List a customer's portal users.
 *
 * Primary course:
 * 1. The customer exists, is not archived and — for an account manager — is one they own.
 * 2. Its portal users, active and disabled, oldest first (one Query of the customer's list; a customer has few).
 *
 * Alternates: no such customer / another owner's → 404.
 */
export const listPortalUsers = async (
  deps: PortalDependencies,
  request: { caller: Caller; customerId: string },
): Promise<PortalUser[]> => {
  const customer = await deps.users.customerHead(request.customerId);
  if (!customerVisibleTo(request.caller, customer)) throw customerNotFound(request.customerId);
  return deps.users.listByCustomer(request.customerId);
};
