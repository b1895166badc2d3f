import { DomainError, ErrorCode } from '#shared/core/errors';

/**
 * The delta feed's rules, shared by every `?updatedSince=` list (customers, a customer's contacts, orders): which
 * window of change times a request reads, and which instants are refused. docs/api.md, "Delta sync", describes the
 * feed for clients; docs/data-model.md, "Sorted customer lists and the delta feed", how it is read.
 *
 * A feed reads `since ≤ changedAt < until` on an index sorted by `<changedAt>#<id>`. `until` lags the clock by
 * the settling window: a write is stamped before it commits (and a GSI is updated after), so a change stamped
 * just before now may become visible only after a reader passed its key. Nothing stamped before `until` is
 * expected to appear later, so the next request, from `until`, skips nothing.
 */

/** How far `until` lags the clock: the longest expected gap between a write's stamp and its visibility on a GSI. */
export const SYNC_SETTLE_MS = 5_000;
/** How far in the future an `updatedSince` may be (a client's clock may run ahead). */
export const SYNC_MAX_SKEW_MS = 5 * 60_000;
/** How long tombstones are kept (their TTL); an older `updatedSince` could miss a deletion. */
export const TOMBSTONE_RETENTION_DAYS = 30;
export const TOMBSTONE_RETENTION_MS = TOMBSTONE_RETENTION_DAYS * 86_400_000;
/** The instant that asks for the whole feed (a first sync, or a resync after the retention): never refused as old. */
export const FULL_SYNC_SINCE = '1970-01-01T00:00:00.000Z';

/** Why a record left a feed. */
/** `merged`: the customer was merged into another (functions/customers/merge/); the survivor carries its records. */
export const TOMBSTONE_REASONS = ['archived', 'transferred', 'deleted', 'merged'] as const;
export type TombstoneReason = (typeof TOMBSTONE_REASONS)[number];

/** A record the caller no longer sees (deleted, archived, or moved out of their scope), as the feed answers it. */
export interface Tombstone {
  readonly id: string;
  readonly deleted: true;
  readonly deletedAt: string;
  readonly reason: TombstoneReason;
}

/** The change times one request reads: `since` inclusive, `until` exclusive. Empty when `since ≥ until`. */
export interface SyncWindow {
  readonly since: string;
  readonly until: string;
}

/** The TTL (epoch seconds) of a tombstone written at `deletedAt`. */
export const tombstoneTtlOf = (deletedAt: string): number => Math.floor((Date.parse(deletedAt) + TOMBSTONE_RETENTION_MS) / 1000);

const refuse = (message: string) =>
  new DomainError(ErrorCode.ValidationFailed, message, { errors: [{ path: 'query.updatedSince', message }] });

/**
 * The window of a request for changes since `updatedSince` (an ISO instant, already normalised by the schema).
 * Refused (400 naming `query.updatedSince`): more than the skew in the future; older than the tombstone retention
 * (except the full-sync instant). A `since` inside the settling window gives an empty window ending at `since`.
 */
export const syncWindowOf = (updatedSince: string, now: Date): SyncWindow => {
  const since = Date.parse(updatedSince);
  if (since > now.getTime() + SYNC_MAX_SKEW_MS) {
    throw refuse(`updatedSince is in the future (more than ${SYNC_MAX_SKEW_MS / 60_000} minutes ahead of the server clock).`);
  }
  if (updatedSince !== FULL_SYNC_SINCE && since < now.getTime() - TOMBSTONE_RETENTION_MS) {
    throw refuse(
      `updatedSince is older than the ${TOMBSTONE_RETENTION_DAYS} days deletions are kept: resync in full (updatedSince=${FULL_SYNC_SINCE}).`,
    );
  }
  const until = new Date(Math.max(since, now.getTime() - SYNC_SETTLE_MS)).toISOString();
  return { since: new Date(since).toISOString(), until };
};

/** Whether a window reads nothing (a `since` within the settling window or ahead of the clock). */
export const isEmptyWindow = (window: SyncWindow): boolean => window.since >= window.until;

/**
 * The query parameters a feed cannot be combined with (the feed has its own order and reads one index): each one
 * present is a 400 naming it.
 */
export const refuseWithFeed = (query: Record<string, unknown>, incompatible: readonly string[]): void => {
  const present = incompatible.filter((name) => query[name] !== undefined);
  if (present.length === 0) return;
  throw new DomainError(ErrorCode.ValidationFailed, `updatedSince cannot be combined with ${present.join(', ')}.`, {
    errors: present.map((name) => ({ path: `query.${name}`, message: 'Not allowed with updatedSince (the feed is in change order, unfiltered).' })),
  });
};
