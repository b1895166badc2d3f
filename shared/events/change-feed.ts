import type { AuditEntityType, AuditEntry } from '#shared/audit/audit';
import type { Capability } from '#shared/auth/permissions';
import { domainEventTypeOf } from './domain-event';

/**
 * The change feed (issue 22, part 3: `GET /v1/changes`): the committed business changes a client may see, in the
 * order the domain-event consumer recorded them. No AWS import: the consumer (functions/events/), the route
 * (functions/changes/) and the tests share it. docs/data-model.md, "Change feed", says why each rule is so.
 *
 * - One change per domain event (one per audit entry INSERT on the table's stream), recorded by the stream consumer
 *   beside its publication: a copy in the company partition of its UTC day, and one in the partition of each owner of
 *   the customer the record is under (the owner now, and on a transfer both the previous and the new owner).
 * - The sort key is `<recordedAt>#<audit entry id>`: `recordedAt` is the consumer's clock when it records the change,
 *   so a change the consumer records late (a retried batch, an outage) still sorts after every position a client
 *   already read — nothing is skipped. The reader stops `SETTLE_MS` before its clock (a recording stamped at `t`
 *   becomes visible a little after `t`).
 * - Kept `RETENTION_DAYS` by TTL; a cursor older than that answers 410 Gone: the client re-syncs from the lists.
 * - A change carries the record's type, id, version and the names of the changed fields, never their values: the
 *   client re-reads the record through its route, where scope and field visibility apply.
 */

export const CHANGE_RETENTION_DAYS = 30;
export const CHANGE_RETENTION_MS = CHANGE_RETENTION_DAYS * 86_400_000;
/** The reader's lag behind its clock: a change is skipped only if its recording becomes visible later than this. */
export const CHANGE_SETTLE_MS = 5_000;

/** The partition of the feed a change is copied into: the company's (`all`) or one customer owner's. */
export type ChangeScope = { readonly kind: 'all' } | { readonly kind: 'owner'; readonly ownerId: string };

/** One recorded change, as stored and (without `scope`) as answered. */
export interface RecordedChange {
  /** The domain event's id (the stream record's eventID): the same on a redelivery, so recorded once. */
  readonly eventId: string;
  /** `crm.<entity>.<verb>`, as on the bus. */
  readonly type: string;
  /** The record's type (answered as `entity`; stored as `entityType`: `entity` is every item's type marker). */
  readonly entityType: AuditEntityType;
  readonly id: string;
  readonly customerId?: string;
  /** The record's version after the change, when the record is versioned. */
  readonly version?: number;
  /** When the change was made (the audit entry's `at`). */
  readonly changedAt: string;
  /** When the consumer recorded it (the feed's order). */
  readonly recordedAt: string;
  readonly changedFields: readonly string[];
  /** The record was archived or deleted by this change. */
  readonly deleted?: true;
  readonly auditEntryId: string;
}

/** The change of one audit entry, recorded at `recordedAt` (ISO). */
export const recordedChangeOf = (entry: AuditEntry, eventId: string, recordedAt: string): RecordedChange => ({
  eventId,
  type: domainEventTypeOf(entry),
  entityType: entry.entityType,
  id: entry.entityId,
  ...(customerOf(entry) ? { customerId: customerOf(entry)! } : {}),
  ...(entry.entityVersion === undefined ? {} : { version: entry.entityVersion }),
  changedAt: entry.at,
  recordedAt,
  changedFields: entry.changes.map((change) => change.field),
  ...(entry.action === 'delete' ? { deleted: true as const } : {}),
  auditEntryId: entry.id,
});

/** The customer a change is under: the entry's, or the customer itself. */
export const customerOf = (entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'customerId'>): string | undefined =>
  entry.customerId ?? (entry.entityType === 'customer' ? entry.entityId : undefined);

/**
 * The owners an entry names itself: a customer's create or transfer carries `ownerId` (old and new) in its changes,
 * so those need no read — and a transfer must reach the previous owner too (their client drops the customer).
 * `undefined` when the entry names none: the consumer reads the customer's owner.
 */
export const ownersNamedBy = (entry: Pick<AuditEntry, 'entityType' | 'changes'>): string[] | undefined => {
  if (entry.entityType !== 'customer') return undefined;
  const owner = entry.changes.find((change) => change.field === 'ownerId');
  if (!owner) return undefined;
  const named = [owner.old, owner.new].filter((value): value is string => typeof value === 'string' && value.length > 0);
  return named.length > 0 ? [...new Set(named)] : undefined;
};

/** The sort key of a change in every partition it is in: the feed's order. */
export const changeSortKey = (recordedAt: string, auditEntryId: string): string => `${recordedAt}#${auditEntryId}`;

/** The UTC day of an instant (`2026-12-07`): the company partition's bucket. */
export const dayOf = (instant: string): string => instant.slice(0, 10);

/**
 * Which capability lets a role see a change of each record type in the feed (a role whose scope for it is `none`
 * gets none of that type's changes). Exhaustive: a new audited entity type does not compile until it is placed.
 */
export const CHANGE_CAPABILITY: Readonly<Record<Exclude<AuditEntityType, 'export'>, Capability>> = {
  customer: 'customers:read',
  contact: 'contacts:read',
  activity: 'activities:read',
  product: 'products:read',
  'stock-adjustment': 'products:read',
  order: 'orders:read',
  payment: 'orders:read',
  opportunity: 'opportunities:read',
  'plan-step': 'opportunities:read',
  service: 'services:read',
  'lost-customer': 'lost-customers:read',
  user: 'users:read',
  dictionary: 'dictionary:read',
  task: 'tasks:read',
  'custom-field': 'custom-fields:read',
  import: 'imports:run',
  'dunning-note': 'dunning:read',
  'dunning-letter': 'dunning:read',
  'dunning-letter-template': 'dunning:template',
  'duplicate-pair': 'customers:duplicates',
  attachment: 'customers:read',
  'customer-merge': 'customers:merge',
  quote: 'quotes:read',
  shipment: 'orders:read',
  invoice: 'invoices:read',
  'customer-bulk-update': 'customers:bulk-update-jobs',
  campaign: 'campaigns:read',
  'campaign-response': 'campaigns:audience',
  webhook: 'webhooks:manage',
  'portal-user': 'portal-users:manage',
};

/** The capability of a change's record type (`export` entries make no change). */
export const capabilityOfChange = (entity: AuditEntityType): Capability | undefined =>
  entity === 'export' ? undefined : CHANGE_CAPABILITY[entity];
