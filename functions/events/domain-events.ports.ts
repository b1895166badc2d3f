import type { DomainEvent } from '#shared/events/domain-event';

/** What publishing one chunk of events answers, entry by entry (the bus may refuse some and accept the others). */
export type PublishOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Where domain events go: the custom EventBridge bus in AWS (eventbridge-bus.ts), the webhook dispatcher in the same
 * process locally (local/stream-reader.ts). At most `MAX_EVENTS_PER_PUBLISH` events per call.
 */
export interface DomainEventBus {
  publish(events: readonly DomainEvent[]): Promise<readonly PublishOutcome[]>;
}

/** EventBridge PutEvents takes at most 10 entries. */
export const MAX_EVENTS_PER_PUBLISH = 10;

export interface DomainEventDependencies {
  readonly bus: DomainEventBus;
}

/** Business metrics of the published events (shared/events/business-metrics.ts): counted per event, flushed per batch. */
export interface DomainEventMetrics {
  count(event: DomainEvent): void;
  flush(): void;
}
