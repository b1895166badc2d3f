import type { AuditEntry } from '#shared/audit/audit';
import type { AuditPage, AuditPageRequest, AuditReader, DayRange } from '#functions/admin/audit/audit.ports';

/**
 * The audit trail's read side in memory, with the semantics of functions/admin/audit/audit.repository.ts: every view
 * newest first by `<at>#<id>`, `from`/`to` as UTC-day bounds, a page key after the last item returned. Counts the
 * day partitions read, so tests can assert the walk stays bounded.
 */
export class InMemoryAuditReader implements AuditReader {
  readonly entries: AuditEntry[] = [];
  readonly customers = new Map<string, { ownerId: string; archived: boolean }>();
  dayQueries: string[] = [];

  ofRecord(entityType: AuditEntry['entityType'], entityId: string, page: AuditPageRequest): Promise<AuditPage> {
    return this.page((entry) => entry.entityType === entityType && entry.entityId === entityId, page);
  }

  ofCustomer(customerId: string, page: AuditPageRequest): Promise<AuditPage> {
    return this.page((entry) => entry.customerId === customerId, page);
  }

  ofActor(actor: string, page: AuditPageRequest): Promise<AuditPage> {
    return this.page((entry) => entry.actor === actor, page);
  }

  ofDay(day: string, page: Omit<AuditPageRequest, 'range'>): Promise<AuditPage> {
    this.dayQueries.push(day);
    return this.page((entry) => entry.at.slice(0, 10) === day, page);
  }

  async customerOwnership(customerId: string) {
    return this.customers.get(customerId);
  }

  private async page(matches: (entry: AuditEntry) => boolean, { limit, startKey, range }: AuditPageRequest): Promise<AuditPage> {
    const sortKey = (entry: AuditEntry) => `${entry.at}#${entry.id}`;
    const after = typeof startKey?.sk === 'string' ? startKey.sk : undefined;
    const selected = this.entries
      .filter(matches)
      .filter((entry) => inRange(sortKey(entry), range))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1))
      .filter((entry) => after === undefined || sortKey(entry) < after);
    const items = selected.slice(0, limit);
    const last = items.at(-1);
    return { items, ...(selected.length > limit && last ? { lastKey: { sk: sortKey(last) } } : {}) };
  }
}

const inRange = (sortKey: string, range: DayRange | undefined): boolean =>
  (range?.from === undefined || sortKey >= range.from) && (range?.to === undefined || sortKey <= `${range.to}~`);
