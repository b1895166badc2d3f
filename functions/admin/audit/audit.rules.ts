import type { Caller } from '#shared/auth/caller';
import type { AuditEntityType, AuditEntry } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { AuditDependencies } from './audit.ports';

/** Rules shared by the audit read use cases. */

export const customerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);

export const recordNotFound = (entityType: string, entityId: string): DomainError =>
  new DomainError(ErrorCode.AuditRecordNotFound, `No ${entityType} ${entityId} with a history you may read.`);

/**
 * Whether the caller may read the history of this customer: it must exist (archived included — the trail is
 * what tells an administrator what happened before a restore). An account manager only for a customer they own
 * now, not archived: the same rule as reading the customer (docs/permissions.md), so an entry never tells them more than
 * the record would.
 */
export const mayReadCustomerHistory = async (deps: AuditDependencies, caller: Caller, customerId: string): Promise<boolean> => {
  const ownership = await deps.audit.customerOwnership(customerId);
  if (!ownership) return false;
  return caller.scope === 'all' || (!ownership.archived && ownership.ownerId === caller.username);
};

/**
 * Entry types whose changes carry a customer's record: the customer itself (a creation holds every field), and its
 * lost-customer record, which names the customer as the lost-customer routes do (they count too).
 */
const CUSTOMER_RECORD_TYPES: ReadonlySet<AuditEntityType> = new Set(['customer', 'lost-customer']);

/**
 * How many customer records a page of entries discloses, for the exfiltration guard: the distinct customers among
 * its customer and lost-customer entries. Ten entries about one customer disclose one record, as one read of the
 * customer would; a day's page of 18 new customers discloses 18.
 */
export const customersDisclosedBy = (entries: readonly AuditEntry[]): number =>
  new Set(entries.filter((entry) => CUSTOMER_RECORD_TYPES.has(entry.entityType)).map((entry) => entry.customerId ?? entry.entityId)).size;
