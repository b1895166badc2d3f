import type { AuditEntityType } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import { scopeOf } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import { DomainError, ErrorCode } from '#shared/core/errors';
import {
  CHANGE_RETENTION_DAYS,
  CHANGE_RETENTION_MS,
  CHANGE_SETTLE_MS,
  capabilityOfChange,
  changeSortKey,
  dayOf,
  type ChangeScope,
} from '#shared/events/change-feed';
import type { ChangeFeedEntry } from '#shared/events/change-feed.entity';
import type { ChangesDependencies } from './changes.ports';

/** At most this many day partitions are read for one page (the retention is 30 days: a page can cross all of them). */
export const MAX_DAY_QUERIES_PER_PAGE = CHANGE_RETENTION_DAYS + 2;

const DAY_MS = 86_400_000;
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);

/** A change as the caller sees it (changes.schema.ts, without its cursor). */
export interface ChangeForCaller {
  readonly type: string;
  readonly entity: AuditEntityType;
  readonly id: string;
  readonly customerId?: string;
  readonly version?: number;
  readonly changedAt: string;
  readonly changedFields: string[];
  readonly deleted?: true;
}

/** A change as the caller may see it, with the feed position just after it. */
export interface VisibleChange {
  readonly position: string;
  readonly change: ChangeForCaller;
}

export interface ChangePage {
  readonly items: readonly VisibleChange[];
  /** Where the next page starts (after the last change read, or up to where the feed was read). */
  readonly position: string;
  readonly hasMore: boolean;
}

export interface ListChangesRequest {
  readonly caller: Caller;
  readonly role: Role;
  /** The position of the caller's cursor; undefined: from the oldest change kept. */
  readonly position?: string | undefined;
  readonly limit: number;
  /** Fields the role may not read (shared/auth/field-visibility.ts): left out of `changedFields`. */
  readonly hiddenFields: ReadonlyMap<AuditEntityType, ReadonlySet<string>>;
}

/**
 * A page of the change feed (issue 22, part 3; docs/data-model.md, "Change feed").
 *
 * Primary course: the window is (the cursor's position, now − 5 s) → the caller's partitions are read day by day
 * from the position's day — the company's (scope `all`: administrators, sales managers, executives) or the caller's
 * own (scope `own`: account managers, the changes under customers they owned when the change was recorded) — until
 * `limit` changes are read → the changes of record types the role may read, without the names of fields it may not,
 * each with its position → the page, the position after its last change and whether more are ready.
 *
 * Alternates: the position is older than the retention (30 days) → ChangeFeedExpired (410: re-sync from the lists,
 * then follow the feed from a fresh cursor). The position is at or past the window's end → an empty page at the same
 * position, hasMore false. A quiet stretch of more than MAX_DAY_QUERIES_PER_PAGE days → a short (even empty) page
 * with hasMore true. Changes of types the role may not read are passed over (the page may be short, hasMore says).
 */
export const listChanges = async (deps: ChangesDependencies, request: ListChangesRequest): Promise<ChangePage> => {
  const now = deps.clock.now().getTime();
  const until = new Date(now - CHANGE_SETTLE_MS).toISOString();
  const oldest = new Date(now - CHANGE_RETENTION_MS).toISOString();
  const start = request.position ?? oldest;
  if (start < oldest) {
    throw new DomainError(
      ErrorCode.ChangeFeedExpired,
      `The cursor is older than the ${CHANGE_RETENTION_DAYS} days the change feed keeps: re-read the records from their lists, then follow the feed from a new cursor (GET /v1/changes without since).`,
    );
  }
  if (start >= until) return { items: [], position: start, hasMore: false };

  const scope: ChangeScope = request.caller.scope === 'all' ? { kind: 'all' } : { kind: 'owner', ownerId: request.caller.username };
  const lastDay = dayOf(until);
  const items: VisibleChange[] = [];
  let position = start;
  let day = dayOf(start);
  let read = 0;
  for (let queries = 0; queries < MAX_DAY_QUERIES_PER_PAGE; queries += 1) {
    const result = await deps.feed.readDay(scope, day, position, until, request.limit - read);
    read += result.items.length;
    for (const entry of result.items) {
      position = changeSortKey(entry.recordedAt, entry.auditEntryId);
      const visible = visibleChange(entry, request);
      if (visible) items.push({ position, change: visible });
    }
    if (read >= request.limit) return { items, position, hasMore: true };
    if (result.more) continue;
    if (day >= lastDay) return { items, position: until, hasMore: false };
    day = nextDay(day);
    position = day;
  }
  return { items, position, hasMore: true };
};

const visibleChange = (entry: ChangeFeedEntry, request: ListChangesRequest): VisibleChange['change'] | undefined => {
  const capability = capabilityOfChange(entry.entityType);
  if (!capability || scopeOf(capability, request.role) === 'none') return undefined;
  const hidden = request.hiddenFields.get(entry.entityType);
  return {
    type: entry.type,
    entity: entry.entityType,
    id: entry.id,
    ...(entry.customerId ? { customerId: entry.customerId } : {}),
    ...(entry.version === undefined ? {} : { version: entry.version }),
    changedAt: entry.changedAt,
    changedFields: hidden ? entry.changedFields.filter((field) => !hidden.has(field)) : [...entry.changedFields],
    ...(entry.deleted ? { deleted: true } : {}),
  };
};
