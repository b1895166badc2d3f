import type { AuditEntry } from '#shared/audit/audit';
import type { Clock } from '#shared/core/clock';
import type { CustomerReadGuard } from '#shared/read-guard/customer-read-guard';

/** The read side of the audit trail, free of AWS types: what the audit use cases need from storage. */

/** A storage position to continue from; the handler signs it into an opaque cursor (shared/http/request.ts). */
export type PageKey = Record<string, string | number>;

/** UTC days (yyyy-mm-dd), both included; either may be open. */
export interface DayRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface AuditPageRequest {
  readonly limit: number;
  readonly startKey?: PageKey | undefined;
  readonly range?: DayRange | undefined;
}

export interface AuditPage {
  readonly items: AuditEntry[];
  /** Absent when the view holds nothing more. */
  readonly lastKey?: PageKey | undefined;
}

/** Every view is one Query, newest first. */
export interface AuditReader {
  /** One record's own partition: `AUDIT#<type>#<id>` (strongly consistent). */
  ofRecord(entityType: AuditEntry['entityType'], entityId: string, page: AuditPageRequest): Promise<AuditPage>;
  /** The customer and every record under it (gsi1). */
  ofCustomer(customerId: string, page: AuditPageRequest): Promise<AuditPage>;
  /** What one user or job changed (gsi2). */
  ofActor(actor: string, page: AuditPageRequest): Promise<AuditPage>;
  /** Everything written on one UTC day (gsi3). */
  ofDay(day: string, page: Omit<AuditPageRequest, 'range'>): Promise<AuditPage>;
  /** Who owns the customer now, and whether it is archived; undefined when it never existed. */
  customerOwnership(customerId: string): Promise<{ ownerId: string; archived: boolean } | undefined>;
}

export interface AuditDependencies {
  readonly audit: AuditReader;
  readonly clock: Clock;
  /** Entries carry customer records: they count against the exfiltration limit like the customer routes. */
  readonly readGuard: CustomerReadGuard;
}
