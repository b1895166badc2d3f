import { defineEntity, fieldsOf } from '#shared/db/entity';
import { minuteBucketOf, webhookKeys } from '#shared/webhooks/webhook.keys';
import type { DeliveryStatus } from './webhook.schema';

/** One event's delivery to one subscription: its payload (for retries and redelivery) and its last outcome. */
export interface Delivery {
  /** The event id: `webhook-id`, the same on every attempt. */
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  eventTime: string;
  /** The CloudEvent's JSON, exactly as signed and sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  firstAttemptAt: string;
  lastAttemptAt?: string;
  /** While pending: when the retry job tries it next (its minute bucket is on gsi3). */
  nextAttemptAt?: string;
  deliveredAt?: string;
  responseStatus?: number;
  responseExcerpt?: string;
  error?: string;
  /** Epoch seconds: the log keeps 30 days (DynamoDB TTL). */
  ttl: number;
}

export const DELIVERY_FIELDS = fieldsOf<Delivery>()(
  'id', 'webhookId', 'eventId', 'eventType', 'eventTime', 'payload', 'status', 'attempts', 'firstAttemptAt', 'lastAttemptAt',
  'nextAttemptAt', 'deliveredAt', 'responseStatus', 'responseExcerpt', 'error', 'ttl',
);

/** How long the delivery log keeps a delivery. */
export const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * The delivery (`pk = WEBHOOK#<webhook id>`, `sk = DELIVERY#<event id>`), declared once: on its subscription's log
 * (gsi2, by event time) always, on the due index (gsi3, its minute bucket) only while pending.
 */
export const deliveryEntity = defineEntity<Delivery>({
  name: 'WebhookDelivery',
  fields: DELIVERY_FIELDS,
  keyOf: (delivery) => webhookKeys.delivery(delivery.webhookId, delivery.eventId),
  indexesOf: (delivery) => ({
    [webhookKeys.log.pkAttribute]: webhookKeys.log.pk(delivery.webhookId),
    [webhookKeys.log.skAttribute]: webhookKeys.logSortKey(delivery.eventTime, delivery.eventId),
    ...dueIndexOf(delivery),
  }),
});

/** The due index attributes of a pending delivery (none for a delivered or dead-lettered one). */
export const dueIndexOf = (delivery: Pick<Delivery, 'status' | 'nextAttemptAt' | 'webhookId' | 'eventId'>): Record<string, string | undefined> =>
  delivery.status === 'pending' && delivery.nextAttemptAt
    ? {
        [webhookKeys.due.pkAttribute]: webhookKeys.due.pk(minuteBucketOf(delivery.nextAttemptAt)),
        [webhookKeys.due.skAttribute]: webhookKeys.dueSortKey(delivery.nextAttemptAt, delivery.webhookId, delivery.eventId),
      }
    : { [webhookKeys.due.pkAttribute]: undefined, [webhookKeys.due.skAttribute]: undefined };
