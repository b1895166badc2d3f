import type { DomainEventBus, PublishOutcome } from '#functions/events/domain-events.ports';
import type { DomainEvent } from '#shared/events/domain-event';

export type DomainEventListener = (event: DomainEvent) => Promise<void> | void;

/**
 * The local stand-in for the custom EventBridge bus: it accepts every event (as the bus does once PutEvents answered)
 * and hands it to its listeners in this process — the webhook dispatcher's rule, tests, the bench. A listener that
 * fails does not refuse the event: in AWS a target's failure is the target's retry, not the publisher's.
 */
export class LocalEventBus implements DomainEventBus {
  private readonly listeners = new Set<DomainEventListener>();
  published = 0;

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Adds a listener; answers the function that removes it. */
  onEvent(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(events: readonly DomainEvent[]): Promise<readonly PublishOutcome[]> {
    this.published += events.length;
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          await listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
    return events.map(() => ({ ok: true }) as const);
  }
}
