import { OPEN_LOST_CUSTOMER_STATUSES } from '#shared/churn/churn.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, LostCustomerDependencies } from './lost-customer.dependencies';
import type { LostCustomer, LostCustomerStatus } from './lost-customer.schema';

/** Rules shared by the lost-customer use cases. */

export const lostCustomerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.LostCustomerNotFound, `There is no lost-customer record for customer ${customerId}.`);

export const isOpen = (status: LostCustomerStatus): boolean => (OPEN_LOST_CUSTOMER_STATUSES as readonly string[]).includes(status);

/**
 * Loads a record the caller may see: there is one, its customer exists and is not archived, and — for an account
 * manager (scope `own`) — the customer is theirs now. Anything else answers 404, whichever it was.
 */
export const loadVisibleRecord = async (deps: LostCustomerDependencies, caller: Caller, customerId: string): Promise<LostCustomer> => {
  const { record, customer } = await deps.lostCustomers.get(customerId);
  if (!record || !customer || customer.archived || (caller.scope === 'own' && customer.ownerId !== caller.username)) {
    throw lostCustomerNotFound(customerId);
  }
  return record;
};

/** 412 when the If-Match version is stale, then 409 when the record is closed (lost or recovered). */
export const guardOpenRecord = (record: LostCustomer, expectedVersion: number, action: string): void => {
  if (record.version !== expectedVersion) {
    throw new DomainError(
      ErrorCode.VersionConflict,
      `The lost-customer record of customer ${record.customerId} has changed since you read it (now version ${record.version}); read it again.`,
    );
  }
  if (!isOpen(record.status)) {
    throw new DomainError(
      ErrorCode.InvalidTransition,
      `The lost-customer record of customer ${record.customerId} is ${record.status}; only a record in warning or delaying can ${action}.`,
    );
  }
};
