/**
 * The rule of the data-exfiltration guard (issue 8), with no I/O: how many customer records a user has read in the
 * rolling window, and whether that is over the limit.
 *
 * It is the classic sliding window counter: time is cut into fixed windows of `windowMs`; a user's reads are
 * counted per window, and the rolling count is the current window's count plus the previous window's count
 * weighted by how much of the previous window still overlaps the rolling window that ends now:
 *
 *     estimate = current + previous × (1 − elapsedInCurrentWindow / windowMs)
 *
 * Two counters per user instead of one timestamp per read: the state stays one small DynamoDB item with an
 * atomic `ADD`, whatever the read rate. The price is an estimate that assumes the previous window's reads were
 * spread evenly; a burst at the end of the previous window is under-weighted by at most that window's count
 * times the elapsed fraction — acceptable for a guard whose limit is an order of magnitude above normal use.
 */

export interface ReadGuardPolicy {
  /** Records a user may read in the rolling window; the read that takes the estimate above it trips the guard. */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Records a count may reserve ahead for the user's next reads in the same container (0 or absent: every read is
   * counted by its own UpdateItem). See `ReadGuard` (customer-read-guard.ts) for what it trades.
   */
  readonly reserve?: number;
}

/** The user's counters as the store returns them after this request's count was added. */
export interface ReadTally {
  /** The fixed window the counts are for: `floor(now / windowMs)` when they were counted. */
  readonly window: number;
  /** Records counted in `window` (this request's charge included). */
  readonly current: number;
  /** Records counted in `window − 1`. */
  readonly previous: number;
  /** Set once the guard tripped for this user, until an administrator unlocks the account. */
  readonly lockedAt?: string | undefined;
}

export const windowOf = (nowMs: number, windowMs: number): number => Math.floor(nowMs / windowMs);

/** The rolling count at `nowMs`: the current window plus the overlapping share of the previous one. */
export const estimatedReads = (tally: Pick<ReadTally, 'current' | 'previous'>, nowMs: number, windowMs: number): number => {
  const elapsed = (nowMs % windowMs) / windowMs;
  return tally.current + tally.previous * (1 - elapsed);
};

export type ReadVerdict =
  /** The account is already locked: refuse. */
  | { readonly kind: 'locked' }
  /** This read takes the user over the limit: lock the account and refuse the read. */
  | { readonly kind: 'trip'; readonly estimate: number }
  | { readonly kind: 'allow'; readonly estimate: number };

/**
 * The verdict on one read, once both the counter update and the read itself are back.
 *
 * `charged` records were counted before the read's size was known (a list page counts as its `limit`, so the
 * counter update can run concurrently with the Query); `returned` is what the read actually returns. The verdict
 * uses the real number, so a short page never trips the guard on records it did not return.
 *
 * Allowed while the estimate is at most the limit: with a limit of 500 the 500th record is served and the 501st
 * trips the guard.
 */
export const verdictOf = (
  tally: ReadTally,
  read: { charged: number; returned: number },
  nowMs: number,
  policy: ReadGuardPolicy,
): ReadVerdict => {
  if (tally.lockedAt) return { kind: 'locked' };
  const unused = Math.max(0, read.charged - read.returned);
  const estimate = estimatedReads({ current: tally.current - unused, previous: tally.previous }, nowMs, policy.windowMs);
  // Nothing returned, nothing to refuse: a 404 or an empty page never trips the guard.
  if (read.returned > 0 && estimate > policy.limit) return { kind: 'trip', estimate };
  return { kind: 'allow', estimate };
};
