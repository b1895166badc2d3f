import type { Caller } from '#shared/auth/caller';
import { withoutHiddenChanges } from '#shared/auth/field-visibility';
import type { AuditEntityType, AuditEntry } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { AuditDependencies, AuditPage, DayRange, PageKey } from './audit.ports';
import { guardedRead } from '#shared/read-guard/customer-read-guard';
import { customersDisclosedBy, mayReadCustomerHistory, recordNotFound } from './audit.rules';

export interface AuditFilters extends DayRange {
  readonly entityType?: AuditEntityType | undefined;
  readonly entityId?: string | undefined;
  readonly actor?: string | undefined;
}

/** The day view without `from`/`to` covers the last 30 UTC days. */
export const DEFAULT_DAYS = 30;
/**
 * At most this many day partitions are read for one page. A quiet stretch longer than this answers a short (even
 * empty) page with a cursor to continue from: the request stays bounded, whatever the range.
 */
export const MAX_DAY_QUERIES_PER_PAGE = 31;

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
const minDay = (a: string, b: string): string => (a < b ? a : b);

type Request = {
  caller: Caller;
  filters: AuditFilters;
  page: { limit: number; startKey?: PageKey | undefined };
  /** Fields the caller's role may not read (shared/auth/field-visibility.ts): their changes are left out. */
  hiddenFields?: ReadonlyMap<AuditEntityType, ReadonlySet<string>>;
};

/**
 * List audit entries, newest first, one page per call. Which view depends on the filters:
 * - `entityType` + `entityId`: one record's history (its own partition, strongly consistent);
 * - `actor`: what one user or job changed;
 * - neither: everything, day by day from `to` (default today, UTC) back to `from` (default 30 days earlier),
 *   walking day partitions until the page is full — at most MAX_DAY_QUERIES_PER_PAGE of them per page.
 * `from`/`to` narrow every view to those UTC days.
 *
 * Primary course (admin, sales manager, executive: scope `all`): the view's Query returns the page.
 *
 * Account managers (scope `own`: the audit history of their own customers, docs/permissions.md):
 * - one record's history only when the record is a customer they own or lies under one: every entry must carry
 *   such a customer. Anything else — another owner's customer, a record under it, a record under no customer
 *   (product, user, dictionary, opportunity), or no entries at all — answers AuditRecordNotFound (404), the same
 *   for all of them, so nothing tells them apart.
 * - the actor and day views answer Forbidden (403). Narrowing them instead would mean checking the current owner
 *   of every entry's customer on every page, pages coming back short or empty while the walk goes on, and entries
 *   under no customer silently dropped; a view that cannot be complete is worse than a clear refusal. Everything
 *   an account manager may see is one Query away on their customers' history (GET /v1/customers/{id}/history).
 *
 * Counted by the exfiltration guard: every page is charged the customer records it discloses (`customersDisclosedBy`:
 * distinct customers among its customer and lost-customer entries), against the same limit as the customer routes —
 * the actor and day views can otherwise list customers as fast as `GET /v1/customers`.
 *
 * Restricted fields (a product's cost price for roles without `products:cost`) are left out of every entry's changes,
 * as they are left out of the record's own answers (shared/auth/field-visibility.ts).
 */
export const listAuditEntries = async (deps: AuditDependencies, request: Request): Promise<AuditPage> => {
  const page = await auditPageOf(deps, request);
  return request.hiddenFields ? { ...page, items: withoutHiddenChanges(page.items, request.hiddenFields) } : page;
};

const auditPageOf = async (deps: AuditDependencies, request: Request): Promise<AuditPage> => {
  const { caller, filters, page } = request;
  const range: DayRange = { from: filters.from, to: filters.to };
  if (filters.entityType !== undefined && filters.entityId !== undefined) {
    const { entityType, entityId } = filters;
    // One record's history names at most one customer record, and none unless it is a customer's.
    const upTo = entityType === 'customer' || entityType === 'lost-customer' ? 1 : 0;
    return counted(deps, caller, upTo, () => recordHistory(deps, request, entityType, entityId, range));
  }
  if (caller.scope === 'own') {
    throw new DomainError(
      ErrorCode.Forbidden,
      'Account managers read the history of one record (entityType + entityId) or of a customer they own, not across customers.',
    );
  }
  if (filters.actor !== undefined) {
    const { actor } = filters;
    return counted(deps, caller, page.limit, () => deps.audit.ofActor(actor, { ...page, range }));
  }
  return counted(deps, caller, page.limit, () => walkDays(deps, range, page));
};

const counted = (deps: AuditDependencies, caller: Caller, upTo: number, read: () => Promise<AuditPage>): Promise<AuditPage> =>
  guardedRead(deps.readGuard, caller.username, upTo, read, (result) => customersDisclosedBy(result.items));

const recordHistory = async (
  deps: AuditDependencies,
  { caller, page }: Request,
  entityType: AuditEntityType,
  entityId: string,
  range: DayRange,
): Promise<AuditPage> => {
  if (caller.scope === 'all') return deps.audit.ofRecord(entityType, entityId, { ...page, range });
  if (entityType === 'customer') {
    if (!(await mayReadCustomerHistory(deps, caller, entityId))) throw recordNotFound(entityType, entityId);
    return deps.audit.ofRecord(entityType, entityId, { ...page, range });
  }
  // Other records: their entries say which customer they are under.
  const result = await deps.audit.ofRecord(entityType, entityId, { ...page, range });
  // A first page with nothing on it looks like a record that is not theirs: both are "nothing you may see".
  if (result.items.length === 0 && page.startKey === undefined) throw recordNotFound(entityType, entityId);
  if (!(await allUnderOwnedCustomers(deps, caller, result.items))) throw recordNotFound(entityType, entityId);
  return result;
};

const allUnderOwnedCustomers = async (deps: AuditDependencies, caller: Caller, entries: readonly AuditEntry[]): Promise<boolean> => {
  if (entries.some((entry) => entry.customerId === undefined)) return false;
  // A record's entries name one customer: in practice one ownership read per page.
  const customers = [...new Set(entries.map((entry) => entry.customerId!))];
  const allowed = await Promise.all(customers.map((customerId) => mayReadCustomerHistory(deps, caller, customerId)));
  return allowed.every(Boolean);
};

/** The cursor of the day view names the day to continue on and, inside it, the storage position (if any). */
const walkDays = async (deps: AuditDependencies, range: DayRange, page: { limit: number; startKey?: PageKey | undefined }): Promise<AuditPage> => {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const to = minDay(range.to ?? today, today);
  const from = range.from ?? shiftDay(range.to ?? today, -(DEFAULT_DAYS - 1));
  const { day: cursorDay, ...cursorKey } = page.startKey ?? {};
  let day = typeof cursorDay === 'string' ? minDay(cursorDay, to) : to;
  let startKey: PageKey | undefined = Object.keys(cursorKey).length > 0 ? cursorKey : undefined;
  const items: AuditEntry[] = [];
  for (let queries = 0; queries < MAX_DAY_QUERIES_PER_PAGE && day >= from; queries += 1) {
    const result = await deps.audit.ofDay(day, { limit: page.limit - items.length, startKey });
    items.push(...result.items);
    if (result.lastKey) {
      startKey = result.lastKey;
    } else {
      day = shiftDay(day, -1);
      startKey = undefined;
    }
    if (items.length >= page.limit) break;
  }
  return { items, ...(day >= from ? { lastKey: { ...startKey, day } } : {}) };
};
