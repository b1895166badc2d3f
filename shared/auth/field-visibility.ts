import type { AuditEntityType, AuditEntry } from '#shared/audit/audit';
import { scopeOf, type Capability } from './permissions';
import type { Role } from './roles';

/**
 * Fields that only some roles may read, wherever they appear: in the record's own answers and in the audit trail,
 * whose entries carry a record's old and new values. One table, so a new restricted field is hidden on every
 * channel at once (the product answers shape it in functions/orders/products/product-view.ts).
 */
const RESTRICTED_FIELDS: readonly { entityType: AuditEntityType; field: string; capability: Capability }[] = [
  { entityType: 'product', field: 'costPrice', capability: 'products:cost' },
];

/** The fields a role may not read, by entity type. */
export const fieldsHiddenFrom = (role: Role): ReadonlyMap<AuditEntityType, ReadonlySet<string>> => {
  const hidden = new Map<AuditEntityType, Set<string>>();
  for (const { entityType, field, capability } of RESTRICTED_FIELDS) {
    if (scopeOf(capability, role) !== 'none') continue;
    hidden.set(entityType, (hidden.get(entityType) ?? new Set()).add(field));
  }
  return hidden;
};

/** Audit entries without the changes of fields the reader may not see (an entry left with none still shows who and when). */
export const withoutHiddenChanges = (entries: readonly AuditEntry[], hidden: ReadonlyMap<AuditEntityType, ReadonlySet<string>>): AuditEntry[] =>
  entries.map((entry) => {
    const fields = hidden.get(entry.entityType);
    return fields ? { ...entry, changes: entry.changes.filter((change) => !fields.has(change.field)) } : entry;
  });
