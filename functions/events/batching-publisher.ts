import type { DomainEvent } from '#shared/events/domain-event';
import { MAX_EVENTS_PER_PUBLISH, type DomainEventBus } from './domain-events.ports';

interface Pending {
  readonly event: DomainEvent;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * One event at a time for the caller, chunks of up to 10 for the bus: the batch processor handles its records in
 * parallel, each record's handler awaits its own event, and the events queued in the same turn of the event loop
 * go out together. Each caller learns its own entry's outcome, so a chunk the bus half-refused fails only the
 * records whose events it refused (partial batch failure).
 */
export class BatchingPublisher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly bus: DomainEventBus) {}

  publish(event: DomainEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.scheduled = false;
    const chunks: Pending[][] = [];
    for (let start = 0; start < queued.length; start += MAX_EVENTS_PER_PUBLISH) chunks.push(queued.slice(start, start + MAX_EVENTS_PER_PUBLISH));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const outcomes = await this.bus.publish(chunk.map((pending) => pending.event));
          chunk.forEach((pending, index) => {
            const outcome = outcomes[index];
            if (outcome?.ok) pending.resolve();
            else pending.reject(new Error(`event ${pending.event.id} refused by the bus: ${outcome && !outcome.ok ? outcome.reason : 'no answer'}`));
          });
        } catch (error) {
          for (const pending of chunk) pending.reject(error as Error);
        }
      }),
    );
  }
}
