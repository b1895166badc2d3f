import { defineEntity, fieldsOf } from '#shared/db/entity';
import { customerKeys } from '#shared/keys/customer.keys';

/** A transfer of a customer to a new owner, kept in the customer's collection (written with the transfer). */
export interface CustomerTransfer {
  readonly customerId: string;
  /** The customer's version the transfer moved on from (one transfer per version). */
  readonly fromVersion: number;
  readonly fromOwnerId: string;
  readonly toOwnerId: string;
  readonly reason?: string | undefined;
  readonly transferredBy: string;
  readonly transferredAt: string;
}

export const customerTransferEntity = defineEntity<CustomerTransfer>({
  name: 'CustomerTransfer',
  fields: fieldsOf<CustomerTransfer>()('customerId', 'fromVersion', 'fromOwnerId', 'toOwnerId', 'reason', 'transferredBy', 'transferredAt'),
  keyOf: (transfer) => customerKeys.transfer(transfer.customerId, transfer.transferredAt, transfer.fromVersion),
});
