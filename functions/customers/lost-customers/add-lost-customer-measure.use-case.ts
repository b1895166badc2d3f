import { DomainError, ErrorCode } from '#shared/core/errors';
import { MAX_MEASURES, type AddMeasureInput, type LostCustomer } from './lost-customer.schema';
import type { Caller, LostCustomerDependencies } from './lost-customer.dependencies';
import { guardOpenRecord, loadVisibleRecord } from './lost-customer.rules';

/**
 * Record a retention measure (暂缓措施) on a customer at risk: the owner or a manager.
 *
 * Primary course: the record is in `warning` or `delaying`; the measure is appended (what, by whom, when) and the
 * record is `delaying` from then on. One transaction writes the record (conditional on the version read) and the
 * customer's copy of the status (conditional on the customer still being there, and the caller's for an account
 * manager).
 *
 * Alternates: no record / not visible → 404; stale If-Match → 412; record lost or recovered → 409; the list of
 * measures is full (100) → 409.
 */
export const addLostCustomerMeasure = async (
  deps: LostCustomerDependencies,
  request: { caller: Caller; customerId: string; input: AddMeasureInput; expectedVersion: number },
): Promise<LostCustomer> => {
  const { caller } = request;
  const record = await loadVisibleRecord(deps, caller, request.customerId);
  guardOpenRecord(record, request.expectedVersion, 'take a measure');
  if (record.measures.length >= MAX_MEASURES) {
    throw new DomainError(ErrorCode.InvalidTransition, `A record holds at most ${MAX_MEASURES} measures; confirm the loss or wait for an order.`);
  }
  const at = deps.clock.now().toISOString();
  const next: LostCustomer = {
    ...record,
    status: 'delaying',
    measures: [...record.measures, { measure: request.input.measure, at, by: caller.username }],
    version: record.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.lostCustomers.addMeasure(record, next, { ownerScope: caller.scope === 'own' ? caller.username : undefined });
  return next;
};
