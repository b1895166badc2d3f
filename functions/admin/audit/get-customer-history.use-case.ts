import type { Caller } from '#shared/auth/caller';
import type { AuditDependencies, AuditPage, DayRange, PageKey } from './audit.ports';
import { guardedRead } from '#shared/read-guard/customer-read-guard';
import { customerNotFound, customersDisclosedBy, mayReadCustomerHistory } from './audit.rules';

/**
 * A customer's history: the customer's own entries and those of every record under it (contacts, activities,
 * orders, payments, service requests, its lost-customer record …), newest first, one page per call.
 *
 * Primary course: the customer exists (archived included, for scope `all`) → one Query of the customer view (gsi1),
 * optionally narrowed to the UTC days `from`…`to`.
 *
 * Alternates: no such customer, or — for an account manager — a customer they do not own now, or an archived one
 * → CustomerNotFound (404), the same answer for all of them (docs/permissions.md). After a transfer the new owner sees the
 * whole history, the previous one none of it: the history follows the customer, as every other read does.
 *
 * Counted by the exfiltration guard: a page that holds the customer's (or its lost-customer record's) entries
 * discloses that customer's record, one read like `GET /v1/customers/{id}`.
 */
export const getCustomerHistory = async (
  deps: AuditDependencies,
  request: { caller: Caller; customerId: string; range: DayRange; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<AuditPage> => {
  if (!(await mayReadCustomerHistory(deps, request.caller, request.customerId))) throw customerNotFound(request.customerId);
  return guardedRead(
    deps.readGuard,
    request.caller.username,
    1,
    () => deps.audit.ofCustomer(request.customerId, { ...request.page, range: request.range }),
    (page) => customersDisclosedBy(page.items),
  );
};
