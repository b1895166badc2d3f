import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import type {
  PortalCompany,
  PortalContact,
  PortalDependencies,
  PortalIdentities,
  PortalOrderRepository,
  PortalPageKey,
  PortalUserRepository,
  StaffContactCard,
} from '#functions/portal/portal.ports';
import type { PortalUser } from '#functions/portal/portal-user.schema';
import type { Order, OrderSummary } from '#functions/orders/order/order.schema';

/** The portal users' storage in memory, with the customers and contacts a test puts in. */
export class InMemoryPortalUsers implements PortalUserRepository {
  readonly users = new Map<string, PortalUser>();
  readonly claims = new Map<string, string>();
  readonly companies = new Map<string, PortalCompany>();
  readonly contacts = new Map<string, PortalContact>();
  readonly audit: AuditEvent[] = [];
  reads = 0;

  async get(id: string) {
    this.reads += 1;
    return this.users.get(id);
  }
  /** The user and, for an active one, their company: what the session reads (one request, a known user). */
  async session(id: string) {
    this.reads += 1;
    const user = this.users.get(id);
    const company = user?.status === 'active' ? this.companies.get(user.customerId) : undefined;
    return { user, company };
  }
  async byContact(contactId: string) {
    const id = this.claims.get(contactId);
    return id ? this.users.get(id) : undefined;
  }
  async listByCustomer(customerId: string) {
    return [...this.users.values()].filter((user) => user.customerId === customerId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  async customerHead(customerId: string): Promise<CustomerHead | undefined> {
    const company = this.companies.get(customerId);
    return company ? { id: company.id, ownerId: company.ownerId, deletedAt: company.deletedAt } : undefined;
  }
  async company(customerId: string) {
    return this.companies.get(customerId);
  }
  async contact(customerId: string, contactId: string) {
    const contact = this.contacts.get(contactId);
    return contact?.customerId === customerId ? contact : undefined;
  }
  async create(user: PortalUser, audit: AuditEvent) {
    if (this.claims.has(user.contactId) || this.users.has(user.id)) return 'contact-taken' as const;
    this.users.set(user.id, user);
    this.claims.set(user.contactId, user.id);
    this.audit.push(audit);
    return 'created' as const;
  }
  async replace(user: PortalUser, expectedVersion: number, audit: AuditEvent) {
    if (this.users.get(user.id)?.version !== expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    this.users.set(user.id, user);
    this.audit.push(audit);
  }
}

/** The portal pool in memory: one sub per username; disabled usernames kept. */
export class InMemoryPortalIdentities implements PortalIdentities {
  readonly subs = new Map<string, string>();
  readonly disabled = new Set<string>();
  async invite({ username }: { username: string }) {
    let sub = this.subs.get(username);
    if (!sub) this.subs.set(username, (sub = randomUUID()));
    return { sub };
  }
  async disable(username: string) {
    this.disabled.add(username);
  }
}

/** Orders the portal reads, with the count of requests each read would make. */
export class InMemoryPortalOrders implements PortalOrderRepository {
  readonly orders = new Map<string, Order>();
  requests = 0;
  constructor(private readonly users: InMemoryPortalUsers) {}
  async userAndOrder(portalUserId: string, orderId: string) {
    this.requests += 1;
    const user = this.users.users.get(portalUserId);
    const company = user?.status === 'active' ? this.users.companies.get(user.customerId) : undefined;
    return { user, company, order: this.orders.get(orderId) };
  }
  async listByCustomer(customerId: string, page: { limit: number; startKey?: PortalPageKey }) {
    this.requests += 1;
    const all = [...this.orders.values()]
      .filter((order) => order.customerId === customerId)
      .sort((a, b) => b.orderedAt.localeCompare(a.orderedAt))
      .map((order): OrderSummary => {
        const { lines, id, orderNo, customerName, status, orderedAt, total, paidAmount, balance, paymentStatus, version, createdAt, createdBy, updatedAt, updatedBy } = order;
        return { id, orderNo, customerId, customerName, status, orderedAt, total, paidAmount, balance, paymentStatus, version, createdAt, createdBy, updatedAt, updatedBy, lineCount: lines.length };
      });
    const from = page.startKey ? Number(page.startKey['offset']) : 0;
    const items = all.slice(from, from + page.limit);
    return { items, ...(from + page.limit < all.length ? { lastKey: { offset: from + page.limit } } : {}) };
  }
}

export const portalTestKit = (now = new Date('2026-12-07T09:00:00.000Z')) => {
  const users = new InMemoryPortalUsers();
  const identities = new InMemoryPortalIdentities();
  const orders = new InMemoryPortalOrders(users);
  const cards = new Map<string, StaffContactCard>();
  const deps: PortalDependencies = { users, orders, identities, staff: { card: async (username) => cards.get(username) }, clock: { now: () => now } };
  return { deps, users, orders, identities, cards };
};
