import { defineEntity, fieldsOf } from '#shared/db/entity';
import { changeSortKey, dayOf, type ChangeScope, type RecordedChange } from './change-feed';

/**
 * The change feed's items (docs/data-model.md, "Change feed"), declared once. Both live on the table itself (no
 * index): the feed is read with consistent Queries of one partition per UTC day.
 *
 * - `ChangeFeedEntry`: one copy of a change per partition it belongs to — `CHANGES#ALL#<day>` (everyone with scope
 *   `all`) and `CHANGES#OWNER#<ownerId>#<day>` (an account manager's own customers), sk `<recordedAt>#<audit entry
 *   id>`, `ttl` = recordedAt + 30 days.
 * - `ChangeMarker`: `CHANGE#<event id>` / `CHANGE`, Put with `attribute_not_exists(pk)` in the same transaction as
 *   the copies: a stream record handed over again records nothing twice. Same TTL.
 */
export interface ChangeFeedEntry extends RecordedChange {
  /** `*` for the company partition, else the owner's username. */
  readonly scope: string;
  /** Epoch seconds (DynamoDB TTL). */
  readonly ttl: number;
}

export const ALL_SCOPE = '*';

export const changeFeedKeys = {
  partition: (scope: ChangeScope, day: string): string =>
    scope.kind === 'all' ? `CHANGES#ALL#${day}` : `CHANGES#OWNER#${scope.ownerId}#${day}`,
  marker: (eventId: string) => ({ pk: `CHANGE#${eventId}`, sk: 'CHANGE' }),
} as const;

export const scopeOfEntry = (entry: Pick<ChangeFeedEntry, 'scope'>): ChangeScope =>
  entry.scope === ALL_SCOPE ? { kind: 'all' } : { kind: 'owner', ownerId: entry.scope };

export const changeFeedEntryEntity = defineEntity<ChangeFeedEntry>({
  name: 'ChangeFeedEntry',
  fields: fieldsOf<ChangeFeedEntry>()(
    'eventId', 'type', 'entityType', 'id', 'customerId', 'version', 'changedAt', 'recordedAt', 'changedFields', 'deleted',
    'auditEntryId', 'scope', 'ttl',
  ),
  keyOf: (entry) => ({
    pk: changeFeedKeys.partition(scopeOfEntry(entry), dayOf(entry.recordedAt)),
    sk: changeSortKey(entry.recordedAt, entry.auditEntryId),
  }),
});

export interface ChangeMarker {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly ttl: number;
}

export const changeMarkerEntity = defineEntity<ChangeMarker>({
  name: 'ChangeMarker',
  fields: fieldsOf<ChangeMarker>()('eventId', 'recordedAt', 'ttl'),
  keyOf: (marker) => changeFeedKeys.marker(marker.eventId),
});
