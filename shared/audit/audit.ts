import { isDeepStrictEqual } from 'node:util';

/**
 * The audit trail's domain: who changed what, when (issue 8). Every create, update, delete, transfer and state
 * move of every entity writes one entry in the same DynamoDB transaction as the change itself, so the trail can
 * neither miss a committed change nor record one that was refused. Entries are immutable.
 *
 * This module has no AWS import: use cases and repositories share it; `shared/audit/audit.writes.ts` stores entries.
 */

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'transfer',
  'assign',
  /** A state move (won, lost, handled, confirmed, reopened, recovered …): `changes` holds the status change. */
  'transition',
  'lock',
  'unlock',
  /** A customer merged into another (functions/customers/merge/), and its revert. */
  'merge',
  'unmerge',
  /** A stalled merge (or revert) handed back to its job by hand. */
  'resume',
  /** A webhook delivery sent again by hand, and a subscription's deliveries replayed (functions/webhooks/). */
  'redeliver',
  'replay',
  /** A mail sent by hand that changes no record: a campaign's test send to the caller (functions/campaigns/). */
  'send',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  'customer',
  'contact',
  'activity',
  'product',
  'stock-adjustment',
  'order',
  'payment',
  'opportunity',
  'plan-step',
  'service',
  'lost-customer',
  'user',
  'dictionary',
  'task',
  'custom-field',
  /** An import (issue 16): its start and its revert; the records it writes carry their own entries. */
  'import',
  /** Dunning (functions/dunning/): notes per order, letters to the customer (requested, approved, sent). */
  'dunning-note',
  'dunning-letter',
  /** The administrators' dunning letter template (one, entityId `current`): each replacement. */
  'dunning-letter-template',
  /** An export (issue 16): who took which list, with which filters, and how many rows. */
  'export',
  /** A pair of possible duplicate customers (issue 16): its dismissal. */
  'duplicate-pair',
  /** A file on a customer, opportunity, order or service request (issue 16): its upload, its check, its deletion. */
  'attachment',
  /** A merge of two customers (issue 16): its start, completion and revert. */
  'customer-merge',
  /** A quotation (issue 20): its creation, edits and moves (sent, accepted with its order, rejected, expired). */
  'quote',
  /** A bulk-update job over a filter of customers (issue 16): who started it; each customer's change has its own entry. */
  'customer-bulk-update',
  /** A marketing campaign (issue 19): its creation, edits and status moves. */
  'campaign',
  /** A campaign response recorded by staff (issue 19): its creation (the opportunity it created has its own entry). */
  'campaign-response',
  /** A webhook subscription (issue 22): created, changed, secret rotated, disabled, deleted — never its secret. */
  'webhook',
  /** A portal user (issue 21): their invitation and their disabling by staff. */
  'portal-user',
  /** A shipment of an order (issue 20): its creation and its delivery. */
  'shipment',
  /** An invoice of an order (issue 20): its issue and its voiding. */
  'invoice',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** One changed field: `old` absent on creation, `new` absent on removal. */
export interface FieldChange {
  readonly field: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

/** What a write reports to the trail; the storage layer gives it an id. */
export interface AuditEvent {
  /** ISO 8601 UTC — the same instant the change records as `updatedAt` / `createdAt`. */
  readonly at: string;
  /** The username, or `system:<job>` for scheduled jobs. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly entityType: AuditEntityType;
  readonly entityId: string;
  /** The customer the record belongs to, when it belongs to one: drives the customer history and its scope. */
  readonly customerId?: string | undefined;
  /** The entity's version after the change, when the entity is versioned. */
  readonly entityVersion?: number | undefined;
  readonly changes: readonly FieldChange[];
  /** A short free-text reason given with the change (transfer reason, loss reason …), when there is one. */
  readonly note?: string | undefined;
}

export interface AuditEntry extends AuditEvent {
  /** ULID: entries of one instant still sort in write order. */
  readonly id: string;
}

/** Bookkeeping fields every entity carries; the entry's own `at`, `actor` and `entityVersion` already say them. */
const BOOKKEEPING_FIELDS = new Set(['version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);
/** Storage attributes never belong in the trail, even if a caller passes a raw item by mistake. */
const STORAGE_ATTRIBUTE = /^(pk|sk|gsi\d+(pk|sk)|entity|ttl)$/;

type Fields = Readonly<Record<string, unknown>>;

/** The records' custom-field values (an object of values by key). */
const CUSTOM_VALUES = 'custom';

/**
 * The field-by-field difference between two states of a record (either may be absent: creation, removal).
 * Pass domain objects (what the API shows), not raw items. Fields whose value is unchanged are left out; a field
 * that becomes `undefined`/`null` is a removal. Order follows the fields of `after`, then those only in `before`.
 */
export const changesBetween = (before: Fields | undefined, after: Fields | undefined): FieldChange[] => {
  const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (BOOKKEEPING_FIELDS.has(field) || STORAGE_ATTRIBUTE.test(field)) continue;
    if (field === CUSTOM_VALUES) {
      // Custom-field values (shared/custom-fields/) are reported one change per `custom.<key>`, like any field.
      const prefixed = (values: unknown) =>
        Object.fromEntries(Object.entries((values ?? {}) as Fields).map(([key, value]) => [`${CUSTOM_VALUES}.${key}`, value]));
      changes.push(...changesBetween(prefixed(before?.[field]), prefixed(after?.[field])));
      continue;
    }
    const old = before?.[field] ?? undefined;
    const now = after?.[field] ?? undefined;
    if (isDeepStrictEqual(old, now)) continue;
    changes.push({ field, ...(old === undefined ? {} : { old }), ...(now === undefined ? {} : { new: now }) });
  }
  return changes;
};
