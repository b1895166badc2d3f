import type { AuditAction, AuditEntityType, AuditEntry, FieldChange } from '#shared/audit/audit';

/**
 * Domain events (issue 22): every committed business change as a CloudEvents 1.0 JSON envelope.
 *
 * Where they come from: every business write appends exactly one audit entry in the same DynamoDB transaction as the
 * change (shared/audit/), carrying the actor, the action, the record and the changed fields. The table's stream
 * therefore holds exactly one `AuditEntry` INSERT per committed change and none for a refused one; the stream
 * consumer (functions/events/) maps each of those, and only those, to an event. Items that are not business changes
 * (search terms, counters, markers, ledgers, idempotency records, index copies) have no audit entry and make no event.
 *
 * The event id is the stream record's `eventID`: a batch delivered again yields the same ids, so a subscriber that
 * remembers ids (Standard Webhooks' `webhook-id`) sees each change once.
 *
 * This module has no AWS import: the consumer, the webhook dispatcher and the tests share it.
 */

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** The `source` of every event: this CRM (a URI reference, CloudEvents §3.1.1). */
export const DOMAIN_EVENT_SOURCE = '/crm';
/** The EventBridge `source` of the events on the bus (rules match on it). */
export const BUS_EVENT_SOURCE = 'crm.domain';

/** Records whose deletion is soft (archived, restorable by an administrator): their `delete` is `archived`. */
const ARCHIVED_ON_DELETE: ReadonlySet<AuditEntityType> = new Set([
  'customer', 'contact', 'activity', 'product', 'order', 'opportunity', 'service', 'task',
]);

/** Audit records that are not changes of business data: who took a list (an export) is a read. */
const NOT_A_CHANGE: ReadonlySet<AuditEntityType> = new Set(['export']);

const VERB_OF_ACTION: Readonly<Record<AuditAction, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  restore: 'restored',
  transfer: 'transferred',
  assign: 'assigned',
  transition: 'transitioned',
  lock: 'locked',
  unlock: 'unlocked',
  merge: 'merged',
  unmerge: 'unmerged',
  resume: 'resumed',
  redeliver: 'redelivered',
  replay: 'replayed',
  // A mail sent by hand that changes no record (a campaign's test send: crm.campaign.mailed).
  send: 'mailed',
};

/** A verb that reads like the business says it: an order is placed, not created. */
const VERB_OVERRIDES: Readonly<Partial<Record<AuditEntityType, Partial<Record<AuditAction, string>>>>> = {
  order: { create: 'placed' },
  payment: { create: 'received' },
};

/** A status value usable as a verb (`won`, `handled`, `accepted`): lower-case words joined by hyphens. */
const STATUS_VERB = /^[a-z]+(-[a-z]+)*$/;
const STATUS_FIELDS = ['status', 'stage', 'churnStatus'];

/**
 * The event type of an entry: `crm.<entity type>.<verb>`. A state move (`transition`) is named after the status it
 * moves to when that status is a plain word (`crm.opportunity.won`, `crm.service.handled`), `transitioned` otherwise.
 */
export const domainEventTypeOf = (entry: Pick<AuditEntry, 'entityType' | 'action' | 'changes'>): string => {
  const override = VERB_OVERRIDES[entry.entityType]?.[entry.action];
  if (override) return `crm.${entry.entityType}.${override}`;
  if (entry.action === 'delete' && ARCHIVED_ON_DELETE.has(entry.entityType)) return `crm.${entry.entityType}.archived`;
  if (entry.action === 'transition') {
    const moved = entry.changes.find((change) => STATUS_FIELDS.includes(change.field));
    if (typeof moved?.new === 'string' && STATUS_VERB.test(moved.new) && moved.new.length <= 40) return `crm.${entry.entityType}.${moved.new}`;
  }
  return `crm.${entry.entityType}.${VERB_OF_ACTION[entry.action]}`;
};

/** What an event says about the change (`data`). */
export interface DomainEventData {
  readonly entityType: AuditEntityType;
  readonly entityId: string;
  readonly action: AuditAction;
  /** The username, or `system:<job>` for scheduled jobs. */
  readonly actor: string;
  readonly customerId?: string;
  /** The record's version after the change, when the record is versioned. */
  readonly version?: number;
  /** The names of the changed fields, and each change with its old and new value. */
  readonly changedFields: readonly string[];
  readonly changes: readonly FieldChange[];
  readonly note?: string;
  /** The audit entry the event was made from (GET /v1/audit shows it). */
  readonly auditEntryId: string;
}

/** A CloudEvents 1.0 event in its JSON format (structured mode). */
export interface DomainEvent {
  readonly specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  readonly id: string;
  readonly source: typeof DOMAIN_EVENT_SOURCE;
  readonly type: string;
  /** `<entity type>/<entity id>`. */
  readonly subject: string;
  /** The instant of the change (the entry's `at`, the record's `updatedAt`). */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: DomainEventData;
}

/** Whether an audit entry is a change that makes an event (every entry but a read such as an export). */
export const isDomainChange = (entry: Pick<AuditEntry, 'entityType'>): boolean => !NOT_A_CHANGE.has(entry.entityType);

/** The event of one audit entry; `eventId` is the stream record's `eventID`. */
export const domainEventOf = (entry: AuditEntry, eventId: string): DomainEvent => ({
  specversion: CLOUDEVENTS_SPEC_VERSION,
  id: eventId,
  source: DOMAIN_EVENT_SOURCE,
  type: domainEventTypeOf(entry),
  subject: `${entry.entityType}/${entry.entityId}`,
  time: entry.at,
  datacontenttype: 'application/json',
  data: {
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actor: entry.actor,
    ...(entry.customerId ? { customerId: entry.customerId } : {}),
    ...(entry.entityVersion === undefined ? {} : { version: entry.entityVersion }),
    changedFields: entry.changes.map((change) => change.field),
    changes: entry.changes,
    ...(entry.note ? { note: entry.note } : {}),
    auditEntryId: entry.id,
  },
});

/**
 * Whether an event type matches a subscription's pattern: the exact type, `crm.<entity type>.*`, or `*`.
 */
export const eventTypeMatches = (pattern: string, type: string): boolean =>
  pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)));
