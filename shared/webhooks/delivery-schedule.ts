/**
 * When a failed webhook delivery is tried again (issue 22; docs/api.md, "Webhooks").
 *
 * After attempt n fails, the next comes 1 minute × 4^(n-1) later, at most 6 hours: 1 min, 4 min, 16 min, 64 min,
 * ~4.3 h, then every 6 h — as long as it falls within 24 hours of the first attempt. Attempt 9 (at ~23.7 h) is the
 * last; when it fails the delivery is dead-lettered (`failed`). No Date arithmetic beyond milliseconds: pure.
 */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 6 * 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/** The delay after the `attempt`-th attempt (1-based) failed. */
export const retryDelayMs = (attempt: number): number => Math.min(FIRST_RETRY_MS * 4 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);

/** When attempt `attempt + 1` is due, or undefined when it would fall past the 24-hour window (dead-letter). */
export const nextAttemptAt = (firstAttemptAt: string, attempt: number, now: Date): string | undefined => {
  const next = now.getTime() + retryDelayMs(attempt);
  return next - Date.parse(firstAttemptAt) <= RETRY_WINDOW_MS ? new Date(next).toISOString() : undefined;
};

/**
 * The rule that disables a subscription: a delivery dead-lettered (24 hours of failures) while the subscription has
 * had no successful delivery since that delivery's first attempt — the endpoint has been down for a day.
 */
export const shouldDisable = (deadLetteredFirstAttemptAt: string, lastSuccessAt: string | undefined): boolean =>
  lastSuccessAt === undefined || lastSuccessAt < deadLetteredFirstAttemptAt;

/** The largest replay window: a replay further back than 7 days is refused (400). */
export const MAX_REPLAY_WINDOW_MS = 7 * 24 * 3_600_000;
