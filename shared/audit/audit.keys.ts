import { indexKey } from '#shared/db/index-key';
import type { AuditEntityType } from './audit';

/**
 * Keys of audit entries (docs/data-model.md, "Audit trail"). The entry item lives in the record's own audit
 * partition (`pk = AUDIT#type#id`, sorted by time); three overloaded indexes serve the other views.
 * Every sort key is `<at>#<entry id>`, so each view is one Query in time order (newest first with
 * ScanIndexForward=false). Audit partition prefixes never collide with the customer's use of gsi1–gsi3.
 */
export const auditKeys = {
  partition: (entityType: AuditEntityType, entityId: string) => `AUDIT#${entityType}#${entityId}`,
  sortKey: (at: string, entryId: string) => `${at}#${entryId}`,
  item: (entityType: AuditEntityType, entityId: string, at: string, entryId: string) => ({
    pk: auditKeys.partition(entityType, entityId),
    sk: auditKeys.sortKey(at, entryId),
  }),
  /** The customer history: the customer and every record under it (contacts, activities, orders, services …). */
  byCustomer: indexKey('gsi1', 1, (customerId: string) => `AUDIT#CUSTOMER#${customerId}`),
  /** What one user (or job) changed — the first question after the exfiltration guard trips. */
  byActor: indexKey('gsi2', 2, (actor: string) => `AUDIT#ACTOR#${actor}`),
  /**
   * Everything, one partition per UTC day. All writes of a day land in one index partition: at 1,000 writes/s
   * per partition that is far above a CRM's write rate; shard by a suffix if that ever changes.
   */
  byDay: indexKey('gsi3', 3, (day: string) => `AUDIT#DAY#${day}`),
} as const;
