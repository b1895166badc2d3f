import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { AuditDependencies } from './audit.model';

/** Rules shared by the audit read use cases. */

export const customerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);

export const recordNotFound = (entityType: string, entityId: string): DomainError =>
  new DomainError(ErrorCode.AuditRecordNotFound, `No ${entityType} ${entityId} with a history you may read.`);

/**
 * Whether the caller may read the history of this customer: it must exist (archived included — the trail is
 * what tells an administrator what happened before a restore). An account manager only for a customer they own
 * now, not archived: the same rule as reading the customer (DESIGN §2), so an entry never tells them more than
 * the record would.
 */
export const mayReadCustomerHistory = async (deps: AuditDependencies, caller: Caller, customerId: string): Promise<boolean> => {
  const ownership = await deps.audit.customerOwnership(customerId);
  if (!ownership) return false;
  return caller.scope === 'all' || (!ownership.archived && ownership.ownerId === caller.username);
};
