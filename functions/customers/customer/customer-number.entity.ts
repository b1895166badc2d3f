import { defineEntity, fieldsOf } from '#shared/db/entity';
import { customerKeys } from '#shared/keys/customer.keys';

/**
 * The sentinel that makes a customer number unique (`pk = UNIQUE#CUSTOMER_NO#<no>`): Put, conditional on its
 * absence, in the transaction that creates the customer (the customers feature, and an opportunity's win).
 */
export interface CustomerNumberClaim {
  readonly customerNo: string;
  /** The customer holding the number. */
  readonly customerId: string;
}

export const customerNumberEntity = defineEntity<CustomerNumberClaim>({
  name: 'UniqueCustomerNo',
  fields: fieldsOf<CustomerNumberClaim>()('customerNo', 'customerId'),
  keyOf: (claim) => customerKeys.uniqueNo(claim.customerNo),
});
