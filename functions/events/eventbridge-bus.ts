import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BUS_EVENT_SOURCE, type DomainEvent } from '#shared/events/domain-event';
import type { DomainEventBus, PublishOutcome } from './domain-events.ports';

/** EventBridge takes entries of up to 256 KiB; an event whose changes are bigger goes out without their values. */
const MAX_DETAIL_BYTES = 240 * 1024;

/** The event as the bus carries it: whole, or with `changes` left out (`changedFields` still names them). */
export const fitForBus = (event: DomainEvent): string => {
  const whole = JSON.stringify(event);
  if (Buffer.byteLength(whole) <= MAX_DETAIL_BYTES) return whole;
  return JSON.stringify({ ...event, data: { ...event.data, changes: [], changesOmitted: true } });
};

/** PutEvents on the custom bus named by EVENT_BUS_NAME: detail-type = the event type, detail = the CloudEvent. */
export const eventBridgeBus = (
  client = new EventBridgeClient({}),
  busName = process.env.EVENT_BUS_NAME ?? '',
): DomainEventBus => {
  if (!busName) throw new Error('EVENT_BUS_NAME is not set');
  return {
    publish: async (events) => {
      const answer = await client.send(
        new PutEventsCommand({
          Entries: events.map((event) => ({
            EventBusName: busName,
            Source: BUS_EVENT_SOURCE,
            DetailType: event.type,
            Detail: fitForBus(event),
            Time: new Date(event.time),
            Resources: [],
          })),
        }),
      );
      return events.map((_, index): PublishOutcome => {
        const entry = answer.Entries?.[index];
        return entry?.EventId ? { ok: true } : { ok: false, reason: entry?.ErrorCode ?? 'no entry' };
      });
    },
  };
};
