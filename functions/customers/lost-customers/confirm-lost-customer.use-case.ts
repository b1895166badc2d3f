import type { ConfirmLossInput, LostCustomer } from './lost-customer.schema';
import type { Caller, LostCustomerDependencies } from './lost-customer.dependencies';
import { guardOpenRecord, loadVisibleRecord } from './lost-customer.rules';

/**
 * Confirm that a customer is lost (确认流失): managers only (the route's capability says so).
 *
 * Primary course: the record is in `warning` or `delaying`; it becomes `lost` with the reason, and in the same
 * transaction the customer's status becomes `lost` (its version goes up, so a client holding an older ETag of
 * the customer gets 412) and the churn aggregates count one loss for the month and the reason.
 *
 * Alternates: no record / customer archived → 404; stale If-Match → 412; already lost or recovered → 409.
 */
export const confirmLostCustomer = async (
  deps: LostCustomerDependencies,
  request: { caller: Caller; customerId: string; input: ConfirmLossInput; expectedVersion: number },
): Promise<LostCustomer> => {
  const { caller, input } = request;
  const record = await loadVisibleRecord(deps, caller, request.customerId);
  guardOpenRecord(record, request.expectedVersion, 'be confirmed lost');
  const at = deps.clock.now().toISOString();
  const next: LostCustomer = {
    ...record,
    status: 'lost',
    reason: input.reason,
    ...(input.detail ? { detail: input.detail } : {}),
    confirmedAt: at,
    confirmedBy: caller.username,
    version: record.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.lostCustomers.confirm(record, next);
  return next;
};
