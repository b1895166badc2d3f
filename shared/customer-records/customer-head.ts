import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';

/**
 * What the records under a customer (contacts, activities, follow-ups, the 360 view) need to know about the
 * customer itself: whether the caller may see it, and the derived fields those records maintain on it.
 *
 * The derived fields never change the customer's `version`: they are facts about the records below it, not
 * edits of the customer, so a customer PATCH in flight is never refused because a visit was recorded.
 */
export interface CustomerHead {
  readonly id: string;
  readonly ownerId: string;
  readonly deletedAt?: string | undefined;
  /** The one primary contact, if any (`isPrimary` of a contact is derived from it). */
  readonly primaryContactId?: string | undefined;
  /** The latest `occurredAt` of the customer's activities; only ever moves forward. */
  readonly lastContactAt?: string | undefined;
  /** Live contacts, bounded (CUSTOMER_RECORD_LIMITS). */
  readonly contactCount?: number | undefined;
  /** Open follow-ups, bounded (CUSTOMER_RECORD_LIMITS). */
  readonly openFollowUpCount?: number | undefined;
}

/** The fields of the customer item that the records under it read (a view of the customer item, not an item). */
const CUSTOMER_HEAD_FIELDS = fieldsOf<CustomerHead>()('id', 'ownerId', 'deletedAt', 'primaryContactId', 'lastContactAt', 'contactCount', 'openFollowUpCount');

/** The head of a raw customer item; undefined when there is none (or it is not a customer item). */
export const customerHeadOf = (item: Item | undefined): CustomerHead | undefined =>
  item && typeof item.id === 'string' && typeof item.ownerId === 'string' ? pickFields<CustomerHead>(item, CUSTOMER_HEAD_FIELDS) : undefined;

/** A missing, archived, or (for account managers) someone else's customer: all look the same — not found. */
export const customerVisibleTo = (caller: Caller, customer: CustomerHead | undefined): customer is CustomerHead =>
  customer !== undefined && customer.deletedAt === undefined && (caller.scope === 'all' || customer.ownerId === caller.username);

export const customerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);

/** Only the owner of their own customers: a scoped caller's writes carry their username as a condition. */
export const ownerScopeOf = (caller: Caller): string | undefined => (caller.scope === 'own' ? caller.username : undefined);

/** The customer part of every write under a customer: it must exist, not be archived, and be in scope. */
export interface CustomerGuard {
  readonly customerId: string;
  readonly ownerScope?: string | undefined;
}

export const guardFor = (caller: Caller, customerId: string): CustomerGuard => ({ customerId, ownerScope: ownerScopeOf(caller) });
