import type { LostCustomer, LostCustomerStatus } from './lost-customer.schema';

/** The domain side of lost-customer management: what its use cases need from storage, free of AWS types. */

/** What a record's rules need to know about its customer, as it is now. */
export interface LostCustomerOwner {
  readonly ownerId: string;
  readonly archived: boolean;
}

export interface LostCustomerListCriteria {
  readonly ownerId?: string | undefined;
  readonly status?: LostCustomerStatus | undefined;
}

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

export interface LostCustomerRepository {
  /** The customer's current record and the customer itself, both consistently read in one request. */
  get(customerId: string): Promise<{ record?: LostCustomer; customer?: LostCustomerOwner }>;
  /** One page, newest record first. */
  list(criteria: LostCustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<LostCustomer>>;
  /**
   * Writes the record's new state if its stored version is still `previous.version` (else VersionConflict), and
   * the customer's copy of the record status, if the customer is still there and — with `ownerScope` — still
   * theirs (else LostCustomerNotFound); one transaction.
   */
  addMeasure(previous: LostCustomer, next: LostCustomer, guard: { ownerScope?: string | undefined }): Promise<void>;
  /**
   * As addMeasure, and the customer's status becomes `lost` (its version goes up) and the churn aggregates
   * (lost per month and reason) are counted, in the same transaction.
   */
  confirm(previous: LostCustomer, next: LostCustomer): Promise<void>;
}
