import type { ChangeRecorder } from '#functions/events/change-feed.ports';
import type { ChangeDayRead, ChangeFeedReader } from '#functions/changes/changes.ports';
import { changeSortKey, type ChangeScope } from '#shared/events/change-feed';
import { changeFeedEntryEntity, changeFeedKeys, type ChangeFeedEntry, type ChangeMarker } from '#shared/events/change-feed.entity';

/** The change feed in memory, keyed exactly as on the table (the entity module's keys): writer and reader. */
export class InMemoryChangeFeed implements ChangeRecorder, ChangeFeedReader {
  readonly partitions = new Map<string, Map<string, ChangeFeedEntry>>();
  readonly markers = new Set<string>();
  readonly owners = new Map<string, string>();
  ownerReads = 0;
  transactions = 0;

  async ownerOf(customerId: string): Promise<string | undefined> {
    this.ownerReads += 1;
    return this.owners.get(customerId);
  }

  async record(marker: ChangeMarker, entries: readonly ChangeFeedEntry[]): Promise<boolean> {
    this.transactions += 1;
    const markerKey = changeFeedKeys.marker(marker.eventId).pk;
    if (this.markers.has(markerKey)) return false;
    this.markers.add(markerKey);
    for (const entry of entries) {
      const { pk, sk } = changeFeedEntryEntity.keyOf(entry);
      if (!this.partitions.has(pk)) this.partitions.set(pk, new Map());
      // Through the entity module, as the table stores and answers it.
      this.partitions.get(pk)!.set(sk, changeFeedEntryEntity.fromItem(changeFeedEntryEntity.toItem(entry)));
    }
    return true;
  }

  async readDay(scope: ChangeScope, day: string, after: string, until: string, limit: number): Promise<ChangeDayRead> {
    const partition = this.partitions.get(changeFeedKeys.partition(scope, day)) ?? new Map<string, ChangeFeedEntry>();
    const inRange = [...partition.entries()]
      .filter(([sk]) => sk >= `${after} ` && sk <= until)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, entry]) => entry);
    return { items: inRange.slice(0, limit), more: inRange.length > limit };
  }

  /** Every copy, in feed order, of one partition kind. */
  copies(scope: ChangeScope): ChangeFeedEntry[] {
    const prefix = changeFeedKeys.partition(scope, '');
    return [...this.partitions.entries()]
      .filter(([pk]) => pk.startsWith(prefix))
      .flatMap(([, entries]) => [...entries.values()])
      .sort((a, b) => (changeSortKey(a.recordedAt, a.auditEntryId) < changeSortKey(b.recordedAt, b.auditEntryId) ? -1 : 1));
  }
}
