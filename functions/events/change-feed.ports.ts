import type { ChangeFeedEntry, ChangeMarker } from '#shared/events/change-feed.entity';

/** Where the stream consumer records the change feed (functions/changes/ reads it): the table, or a fake in tests. */
export interface ChangeRecorder {
  /** The owner of a customer now (eventually consistent); undefined when there is no such customer. */
  ownerOf(customerId: string): Promise<string | undefined>;
  /**
   * Writes the marker (only if absent) and every copy in ONE transaction. Answers false, writing nothing, when the
   * marker was there already: the change was recorded by an earlier delivery of the same stream record.
   */
  record(marker: ChangeMarker, entries: readonly ChangeFeedEntry[]): Promise<boolean>;
}
