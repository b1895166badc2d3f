import type { ActivityRepository, ActivityUpdate, Actor, CreateActivityOutcome } from '#functions/activities/activity.ports';
import type { Activity, FollowUp, StoredActivity } from '#functions/activities/activity.schema';
import type { ContactRepository, ContactUpdate, CreateContactOutcome } from '#functions/contacts/contact.ports';
import type { Contact, StoredContact } from '#functions/contacts/contact.schema';
import type { ContactDirectory, ContactDirectoryEntry } from '#shared/customer-records/contact-directory';
import type { CustomerGuard, CustomerHead } from '#shared/customer-records/customer-head';
import type { CustomerOverviewRead, CustomerOverviewReader } from '#functions/customers/overview/customer-overview.ports';
import type { StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { CUSTOMER_RECORD_LIMITS, followUpKeys } from '#shared/keys/contact-activity.keys';
import { followUpList } from '#functions/activities/follow-up.entity';
import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Reminder } from '#shared/reminders/reminder';

type PageKey = Record<string, string | number>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const notFound = (code: ErrorCode, what: string) => new DomainError(code, `${what} does not exist.`);
const stale = () => new DomainError(ErrorCode.VersionConflict, 'stale');
const clone = <T>(value: T): T => structuredClone(value);

const applyChanges = <T extends object>(record: T, changes: Record<string, unknown>, actor: Actor): T => {
  const next: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  next.version = (record as { version: number }).version + 1;
  next.updatedAt = actor.at;
  next.updatedBy = actor.username;
  return next as T;
};

/**
 * Contacts, activities, follow-ups and the 360 view in memory, with the same observable rules as the DynamoDB
 * repositories: the customer guard (exists, not archived, owner scope — judged before anything else), versions,
 * the primary pointer, the contact and open-follow-up limits, `lastContactAt` only moving forward, idempotency.
 */
export class InMemoryCustomerRecords {
  readonly customers = new Map<string, Mutable<CustomerHead> & { name: string }>();
  readonly contacts = new Map<string, StoredContact>();
  readonly removedContacts = new Map<string, StoredContact & { deletedAt: string }>();
  readonly directories = new Map<string, Record<string, ContactDirectoryEntry>>();
  readonly activities = new Map<string, StoredActivity>();
  readonly removedActivities = new Map<string, StoredActivity & { deletedAt: string }>();
  readonly followUps = new Map<string, FollowUp>();
  /** The care reminders each care activity closed and put (what the repository writes in its transaction). */
  readonly careClosings: { closed: readonly Reminder[]; next: readonly Reminder[] }[] = [];
  /** The reminders a contact update wrote in its transaction (`notify`): only when the update itself was written. */
  readonly notified: Reminder[] = [];
  readonly idempotency = new Map<string, { fingerprint: string; response: unknown; expiresAt: number }>();
  writes = 0;

  addCustomer(customer: { id: string; ownerId: string; name?: string; deletedAt?: string }): void {
    this.customers.set(customer.id, { name: `Customer ${customer.id}`, ...customer });
  }

  /** What the customer transfer does to the records under it: the previous owner's open follow-ups move along. */
  transferCustomer(customerId: string, ownerId: string): void {
    const customer = this.customers.get(customerId);
    if (!customer) throw notFound(ErrorCode.CustomerNotFound, `Customer ${customerId}`);
    for (const followUp of this.followUps.values()) {
      if (followUp.customerId === customerId && followUp.assigneeId === customer.ownerId) followUp.assigneeId = ownerId;
    }
    customer.ownerId = ownerId;
  }

  head(customerId: string): CustomerHead | undefined {
    const found = this.customers.get(customerId);
    if (!found) return undefined;
    const { name: _name, ...head } = found;
    return clone(head);
  }

  private guarded(guard: CustomerGuard): Mutable<CustomerHead> {
    const customer = this.customers.get(guard.customerId);
    if (!customer || customer.deletedAt !== undefined || (guard.ownerScope !== undefined && customer.ownerId !== guard.ownerScope)) {
      throw notFound(ErrorCode.CustomerNotFound, `Customer ${guard.customerId}`);
    }
    return customer;
  }

  private claim<T>(idempotency: IdempotencyClaim | undefined): { replay: T } | undefined {
    if (!idempotency) return undefined;
    const previous = this.idempotency.get(`${idempotency.username}#${idempotency.operationId}#${idempotency.key}`);
    // An expired record counts as absent (shared/idempotency/idempotency.writes.ts, `findStoredAnswer`).
    if (!previous || previous.expiresAt < idempotency.expiresAt - IDEMPOTENCY_TTL_SECONDS) return undefined;
    if (previous.fingerprint !== idempotency.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
    return { replay: clone(previous.response as T) };
  }

  private remember(idempotency: IdempotencyClaim | undefined, response: unknown): void {
    if (idempotency) {
      this.idempotency.set(`${idempotency.username}#${idempotency.operationId}#${idempotency.key}`, {
        fingerprint: idempotency.fingerprint,
        response: clone(response),
        expiresAt: idempotency.expiresAt,
      });
    }
  }

  private directoryOf(customerId: string): ContactDirectory {
    return clone(this.directories.get(customerId) ?? {});
  }

  private name(customerId: string, contactId: string, entry: ContactDirectoryEntry): void {
    this.directories.set(customerId, { ...(this.directories.get(customerId) ?? {}), [contactId]: entry });
  }

  private liveContacts(customerId: string): StoredContact[] {
    return [...this.contacts.values()].filter((contact) => contact.customerId === customerId).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private timeline(customerId: string): StoredActivity[] {
    return [...this.activities.values()].filter((activity) => activity.customerId === customerId).sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  // ----------------------------------------------------------------------------------------------- contacts

  readonly contactRepository: ContactRepository = {
    create: async (contact, options): Promise<CreateContactOutcome> => {
      const replay = this.claim<Contact>(options.idempotency);
      if (replay) return { kind: 'replayed', contact: replay.replay };
      const customer = this.guarded(options.guard);
      if ((customer.contactCount ?? 0) >= CUSTOMER_RECORD_LIMITS.contactsPerCustomer) throw new DomainError(ErrorCode.LimitReached, 'full');
      this.contacts.set(`${contact.customerId}#${contact.id}`, clone(contact));
      customer.contactCount = (customer.contactCount ?? 0) + 1;
      if (options.makePrimary) customer.primaryContactId = contact.id;
      this.name(contact.customerId, contact.id, { name: contact.name });
      this.remember(options.idempotency, options.response);
      this.writes += 1;
      return { kind: 'created', contact: clone(options.response) };
    },
    get: async (customerId, contactId) => ({ customer: this.head(customerId), contact: clone(this.contacts.get(`${customerId}#${contactId}`)) }),
    list: async (customerId, page) => {
      const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : undefined;
      const all = this.liveContacts(customerId).filter((contact) => after === undefined || contact.id > after);
      const items = all.slice(0, page.limit);
      const last = items.at(-1);
      return {
        customer: this.head(customerId),
        items: clone(items),
        ...(all.length > page.limit && last ? { lastKey: { pk: customerId, sk: last.id } } : {}),
      };
    },
    feed: async (customerId, window) => ({
      customer: this.head(customerId),
      changed: clone(this.liveContacts(customerId).filter((contact) => contact.updatedAt >= window.since && contact.updatedAt < window.until)),
      deleted: [...this.removedContacts.values()]
        .filter((contact) => contact.customerId === customerId && contact.deletedAt >= window.since && contact.deletedAt < window.until)
        .map(({ id, deletedAt }) => ({ id, deletedAt })),
    }),
    update: async (customerId, contactId, options: ContactUpdate) => {
      const customer = this.guarded(options.guard);
      const key = `${customerId}#${contactId}`;
      const current = this.contacts.get(key);
      if (!current) throw notFound(ErrorCode.ContactNotFound, `Contact ${contactId}`);
      if (current.version !== options.expectedVersion) throw stale();
      this.contacts.set(key, applyChanges(current, options.changes, options.actor));
      if (options.primary === 'set') customer.primaryContactId = contactId;
      if (options.primary === 'clear' && customer.primaryContactId === contactId) delete customer.primaryContactId;
      if (options.rename !== undefined) this.name(customerId, contactId, { name: options.rename });
      if (options.notify) this.notified.push(options.notify);
      this.writes += 1;
    },
    remove: async (contact, options) => {
      const customer = this.guarded(options.guard);
      const key = `${contact.customerId}#${contact.id}`;
      const current = this.contacts.get(key);
      if (!current) throw notFound(ErrorCode.ContactNotFound, `Contact ${contact.id}`);
      if (current.version !== options.expectedVersion) throw stale();
      this.contacts.delete(key);
      this.removedContacts.set(key, { ...current, deletedAt: options.actor.at });
      customer.contactCount = (customer.contactCount ?? 1) - 1;
      if (customer.primaryContactId === contact.id) delete customer.primaryContactId;
      this.name(contact.customerId, contact.id, { name: current.name, removedAt: options.actor.at });
      this.writes += 1;
    },
  };

  // --------------------------------------------------------------------------------------------- activities

  private setFollowUp(customer: Mutable<CustomerHead>, key: string, before: FollowUp | undefined, after: FollowUp | undefined): void {
    const delta = (after ? 1 : 0) - (before ? 1 : 0);
    if (delta > 0 && (customer.openFollowUpCount ?? 0) >= CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer) {
      throw new DomainError(ErrorCode.LimitReached, 'too many open follow-ups');
    }
    customer.openFollowUpCount = (customer.openFollowUpCount ?? 0) + delta;
    if (after) this.followUps.set(key, clone(after));
    else this.followUps.delete(key);
  }

  private checkContact(customerId: string, contactId: string | undefined): void {
    if (contactId !== undefined && !this.contacts.has(`${customerId}#${contactId}`)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'no such contact', { errors: [{ path: 'body.contactId', message: 'No such contact.' }] });
    }
  }

  /** Like the write's labelled checks: every participant contact that is not a live contact is named. */
  private checkParticipants(customerId: string, checks: readonly { index: number; contactId: string }[] = []): void {
    const errors = checks
      .filter(({ contactId }) => !this.contacts.has(`${customerId}#${contactId}`))
      .map(({ index }) => ({ path: `body.participants.contacts.${index}`, message: 'No such contact.' }));
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'no such participant contact', { errors });
  }

  readonly activityRepository: ActivityRepository = {
    create: async (activity, options): Promise<CreateActivityOutcome> => {
      const replay = this.claim<Activity>(options.idempotency);
      if (replay) return { kind: 'replayed', activity: replay.replay };
      const customer = this.guarded(options.guard);
      this.checkContact(activity.customerId, activity.contactId);
      this.checkParticipants(activity.customerId, options.participantContactChecks);
      const key = `${activity.customerId}#${activity.id}`;
      if (options.followUp) this.setFollowUp(customer, key, undefined, options.followUp);
      this.activities.set(key, clone(activity));
      if (customer.lastContactAt === undefined || customer.lastContactAt <= activity.occurredAt) customer.lastContactAt = activity.occurredAt;
      this.remember(options.idempotency, options.response);
      if (options.care) this.careClosings.push(clone(options.care));
      this.writes += 1;
      return { kind: 'created', activity: clone(options.response) };
    },
    careContact: async (customerId, contactId) => clone(this.contacts.get(`${customerId}#${contactId}`)),
    get: async (customerId, activityId) => ({
      customer: this.head(customerId),
      activity: clone(this.activities.get(`${customerId}#${activityId}`)),
      directory: this.directoryOf(customerId),
      followUp: clone(this.followUps.get(`${customerId}#${activityId}`)),
    }),
    list: async (customerId, criteria, page) => {
      const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : undefined;
      const all = this.timeline(customerId)
        .filter((activity) => criteria.from === undefined || Date.parse(activity.occurredAt) >= criteria.from)
        .filter((activity) => criteria.to === undefined || Date.parse(activity.occurredAt) < criteria.to)
        .filter((activity) => criteria.type === undefined || activity.type === criteria.type)
        .filter((activity) => after === undefined || activity.id < after);
      const items = all.slice(0, page.limit);
      const last = items.at(-1);
      return {
        customer: this.head(customerId),
        directory: this.directoryOf(customerId),
        items: clone(items),
        ...(all.length > page.limit && last ? { lastKey: { pk: customerId, sk: last.id } } : {}),
      };
    },
    update: async (customerId, activityId, options: ActivityUpdate) => {
      const customer = this.guarded(options.guard);
      if (options.followUp.after && options.expectedOwnerId !== undefined && customer.ownerId !== options.expectedOwnerId) {
        throw new DomainError(ErrorCode.ConcurrentChange, 'transferred meanwhile');
      }
      const key = `${customerId}#${activityId}`;
      const current = this.activities.get(key);
      if (!current) throw notFound(ErrorCode.ActivityNotFound, `Activity ${activityId}`);
      if (current.version !== options.expectedVersion) throw stale();
      this.checkContact(customerId, options.checkContactId);
      this.checkParticipants(customerId, options.participantContactChecks);
      if (options.followUp.before || options.followUp.after) this.setFollowUp(customer, key, options.followUp.before, options.followUp.after);
      this.activities.set(key, applyChanges(current, options.changes, options.actor));
      this.writes += 1;
    },
    remove: async (activity, options) => {
      const customer = this.guarded(options.guard);
      const key = `${activity.customerId}#${activity.id}`;
      const current = this.activities.get(key);
      if (!current) throw notFound(ErrorCode.ActivityNotFound, `Activity ${activity.id}`);
      if (current.version !== options.expectedVersion) throw stale();
      if (options.openFollowUp) this.setFollowUp(customer, key, options.openFollowUp, undefined);
      this.activities.delete(key);
      this.removedActivities.set(key, { ...current, deletedAt: options.actor.at });
      this.writes += 1;
    },
    listFollowUps: async (assigneeId, criteria, page) => {
      const sortKey = (followUp: FollowUp) => followUpKeys.sortKey(followUp.dueAt, followUp.activityId);
      const cursor = page.startKey?.[followUpList.skAttribute];
      const after = typeof cursor === 'string' ? cursor : undefined;
      const all = [...this.followUps.values()]
        .filter((followUp) => followUp.assigneeId === assigneeId)
        .filter((followUp) => criteria.dueBefore === undefined || sortKey(followUp) < criteria.dueBefore)
        .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
        .filter((followUp) => after === undefined || sortKey(followUp) > after);
      const items = all.slice(0, page.limit);
      const last = items.at(-1);
      return { items: clone(items), ...(all.length > page.limit && last ? { lastKey: { [followUpList.skAttribute]: sortKey(last) } as PageKey } : {}) };
    },
  };

  // ---------------------------------------------------------------------------------------------- overview

  readonly overviewReader: CustomerOverviewReader = {
    read: async (customerId): Promise<CustomerOverviewRead> => {
      const head = this.head(customerId);
      const stored = this.customers.get(customerId);
      const customer: StoredCustomer | undefined =
        head && stored
          ? ({
              id: head.id,
              customerNo: `C-${head.id.slice(-6)}`,
              name: stored.name,
              level: 'ordinary',
              status: 'active',
              ownerId: head.ownerId,
              ownerName: head.ownerId,
              tags: [],
              ...(head.lastContactAt ? { lastContactAt: head.lastContactAt } : {}),
              ...(head.primaryContactId ? { primaryContactId: head.primaryContactId } : {}),
              ...(head.deletedAt ? { deletedAt: head.deletedAt } : {}),
              version: 1,
              createdAt: '2026-01-01T00:00:00.000Z',
              createdBy: 'admin',
              updatedAt: '2026-01-01T00:00:00.000Z',
              updatedBy: 'admin',
            } satisfies Customer & { deletedAt?: string })
          : undefined;
      return {
        customer,
        head,
        contacts: clone(this.liveContacts(customerId)),
        activities: clone(this.timeline(customerId).slice(0, CUSTOMER_RECORD_LIMITS.overviewActivities)),
        followUps: clone([...this.followUps.values()].filter((followUp) => followUp.customerId === customerId)),
        directory: this.directoryOf(customerId),
        queries: 1,
      };
    },
  };
}
