import type { Service, ServiceMove, ServiceStatus, ServiceType } from './service.schema';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Reminder } from '#shared/reminders/reminder';

/** The domain side of the services feature: what the use cases need from storage, free of AWS types. */

/** What a request needs to know about its customer: who owns it, and whether it is still there. */
export interface ServiceCustomer {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly archived: boolean;
}

export type { IdempotencyClaim };

export type CreateServiceOutcome = { kind: 'created' | 'replayed'; service: Service };

/** Guards of a create: the customer still exists, is not archived and — for account managers — is still theirs. */
export interface CustomerGuard {
  readonly customerId: string;
  readonly ownerId?: string | undefined;
}

export interface ServiceListCriteria {
  readonly customerId?: string | undefined;
  readonly assigneeId?: string | undefined;
  readonly status?: ServiceStatus | undefined;
  readonly type?: ServiceType | undefined;
  /** Created at or after (ISO). */
  readonly from?: string | undefined;
  /** Created before (ISO). */
  readonly to?: string | undefined;
}

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

export interface ServiceRepository {
  /** The request's customer, consistently read; undefined when there is no such customer. */
  customer(customerId: string): Promise<ServiceCustomer | undefined>;
  /**
   * Writes the request, its first history entry, its summary under the customer and the aggregate counts in one
   * transaction, with the idempotency record when given. A customer that is gone (or, with `ownerId`, no longer
   * owned by that user) → CustomerNotFound. `notify`: a reminder written in the same transaction (a portal request
   * tells the customer's owner: portal-service.use-case.ts).
   */
  create(service: Service, move: ServiceMove, guard: CustomerGuard, idempotency?: IdempotencyClaim, notify?: Reminder): Promise<CreateServiceOutcome>;
  /** The request and its history (oldest first), consistently read; one Query. */
  get(serviceId: string): Promise<{ service: Service; history: ServiceMove[] } | undefined>;
  /**
   * Applies one move in one transaction: the new request state (only if the stored version is still
   * `previous.version`, else VersionConflict), the history entry, the customer summary and the aggregates.
   */
  move(previous: Service, next: Service, move: ServiceMove): Promise<void>;
  /** One page, newest first, from the most selective index for the criteria. */
  list(criteria: ServiceListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Service>>;
}
