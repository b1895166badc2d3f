import type { AuditEvent } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import type { Clock } from '#shared/core/clock';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import type { Order, OrderSummary } from '#functions/orders/order/order.schema';
import type { PortalUser } from './portal-user.schema';

/** What the portal use cases need to know of a contact. */
export interface PortalContact {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly email?: string | undefined;
  readonly mobile?: string | undefined;
  readonly officePhone?: string | undefined;
  readonly position?: string | undefined;
  readonly version: number;
}

/** What a session read found: the user (if any) and, for an active user, their company (if it exists). */
export interface PortalSessionRead {
  readonly user?: PortalUser | undefined;
  readonly company?: PortalCompany | undefined;
}

/** What a portal user sees of their company. */
export interface PortalCompany {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly address?: string | undefined;
  readonly deletedAt?: string | undefined;
}

export interface PortalUserRepository {
  /** The user by their `sub` (staff side: disable). */
  get(portalUserId: string): Promise<PortalUser | undefined>;
  /**
   * The session of a portal request: the user by their `sub` and their company, consistently — one BatchGetItem when
   * the process knows the user's customer, else two requests (portal-session.reads.ts). No company for a refused user.
   */
  session(portalUserId: string): Promise<PortalSessionRead>;
  /** The portal user of a contact, if it has one. */
  byContact(contactId: string): Promise<PortalUser | undefined>;
  listByCustomer(customerId: string): Promise<PortalUser[]>;
  customerHead(customerId: string): Promise<CustomerHead | undefined>;
  company(customerId: string): Promise<PortalCompany | undefined>;
  contact(customerId: string, contactId: string): Promise<PortalContact | undefined>;
  /** The user, the contact's claim and the audit entry in one transaction; `contact-taken` when another invite won. */
  create(user: PortalUser, audit: AuditEvent): Promise<'created' | 'contact-taken'>;
  /** The new state, on the version the caller read (VersionConflict otherwise), with its audit entry. */
  replace(user: PortalUser, expectedVersion: number, audit: AuditEvent): Promise<void>;
}

/** The portal user pool (Cognito): accounts, never roles. */
export interface PortalIdentities {
  /** Creates the account (an e-mailed temporary password), or finds the one that exists: its `sub`. */
  invite(account: { username: string; email: string; name: string }): Promise<{ sub: string }>;
  /** Refuses further sign-ins and ends refresh tokens (the live tokens are refused by the record: portal-session). */
  disable(username: string): Promise<void>;
}

/** The account manager as a portal user may see them: name, phone and e-mail only. */
export interface StaffContactCard {
  readonly name: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
}

export interface StaffContacts {
  card(username: string): Promise<StaffContactCard | undefined>;
}

export type PortalPageKey = Record<string, string | number>;

/** The orders as the portal reads them (the orders feature's items, read only). */
export interface PortalOrderRepository {
  /** The session (user and company) and the order in ONE consistent BatchGetItem (a known user): a portal order read. */
  userAndOrder(portalUserId: string, orderId: string): Promise<PortalSessionRead & { order?: Order | undefined }>;
  /** A customer's order summaries, newest order date first: one Query of the customer's item collection. */
  listByCustomer(customerId: string, page: { limit: number; startKey?: PortalPageKey }): Promise<{ items: OrderSummary[]; lastKey?: PortalPageKey }>;
}

export interface PortalDependencies {
  readonly users: PortalUserRepository;
  readonly orders: PortalOrderRepository;
  readonly identities: PortalIdentities;
  readonly staff: StaffContacts;
  readonly clock: Clock;
}

export type { Caller };
