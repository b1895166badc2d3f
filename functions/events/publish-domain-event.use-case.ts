import type { AuditEntry } from '#shared/audit/audit';
import { domainEventOf, isDomainChange, type DomainEvent } from '#shared/events/domain-event';

export interface PublishDomainEventDependencies {
  /** Resolves when the bus accepted the event; rejects when it refused it (the record is then reported failed). */
  readonly publish: (event: DomainEvent) => Promise<void>;
}

/**
 * Publishes the domain event of one stream record.
 *
 * Primary course: the record inserted an audit entry of a business change → its CloudEvents envelope (type from the
 * entity type and the action, the changed fields, the actor; id = the stream record's eventID) → published to the
 * bus → the event is answered.
 *
 * Alternates: the record is not an audit entry's INSERT, or the entry is not a change (an export is a read) → nothing
 * published, undefined. The bus refuses the event → the error propagates: the batch processor reports the record as
 * failed and the stream delivers it again (with the same eventID, so the same event id).
 */
export const publishDomainEvent = async (
  deps: PublishDomainEventDependencies,
  entry: AuditEntry | undefined,
  eventId: string,
): Promise<DomainEvent | undefined> => {
  if (!entry || !isDomainChange(entry)) return undefined;
  const event = domainEventOf(entry, eventId);
  await deps.publish(event);
  return event;
};
