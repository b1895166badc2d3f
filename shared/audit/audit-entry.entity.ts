import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import type { AuditEntry } from './audit';
import { auditKeys } from './audit.keys';

/**
 * The audit entry item, declared once (docs/data-model.md, "Audit trail"): it lives in the record's own audit
 * partition and is on three views — the customer history (only when the record belongs to a customer: the index is
 * sparse), the actor's changes and the day's changes. Every view sorts by `<at>#<entry id>`.
 */
const base = defineEntity<AuditEntry>({
  name: 'AuditEntry',
  fields: fieldsOf<AuditEntry>()('id', 'at', 'actor', 'action', 'entityType', 'entityId', 'customerId', 'entityVersion', 'changes', 'note'),
  keyOf: (entry) => auditKeys.item(entry.entityType, entry.entityId, entry.at, entry.id),
  indexesOf: (entry) => {
    const sk = auditKeys.sortKey(entry.at, entry.id);
    return {
      [auditKeys.byCustomer.pkAttribute]: entry.customerId ? auditKeys.byCustomer.pk(entry.customerId) : undefined,
      [auditKeys.byCustomer.skAttribute]: entry.customerId ? sk : undefined,
      [auditKeys.byActor.pkAttribute]: auditKeys.byActor.pk(entry.actor),
      [auditKeys.byActor.skAttribute]: sk,
      [auditKeys.byDay.pkAttribute]: auditKeys.byDay.pk(entry.at.slice(0, 10)),
      [auditKeys.byDay.skAttribute]: sk,
    };
  },
});

export const auditEntryEntity = {
  ...base,
  /** The changes are copied field by field: a caller's objects never become part of the stored item. */
  toItem: (entry: AuditEntry): Item => base.toItem({ ...entry, changes: entry.changes.map((change) => ({ ...change })) }),
};
