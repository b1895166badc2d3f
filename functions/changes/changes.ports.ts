import type { Clock } from '#shared/core/clock';
import type { ChangeScope } from '#shared/events/change-feed';
import type { ChangeFeedEntry } from '#shared/events/change-feed.entity';

/** One Query of one day's partition of the feed. */
export interface ChangeDayRead {
  readonly items: readonly ChangeFeedEntry[];
  /** The partition holds more in the range than this read answered (limit or 1 MB). */
  readonly more: boolean;
}

export interface ChangeFeedReader {
  /**
   * The changes of `scope` recorded on UTC `day`, in feed order, whose sort key is after `after` and before
   * `until` (both exclusive), at most `limit`. Strongly consistent.
   */
  readDay(scope: ChangeScope, day: string, after: string, until: string, limit: number): Promise<ChangeDayRead>;
}

export interface ChangesDependencies {
  readonly feed: ChangeFeedReader;
  readonly clock: Clock;
}
