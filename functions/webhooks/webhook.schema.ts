import * as z from 'zod';
import { auditFieldsShape, isoDateTime, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';

/**
 * An event type pattern: an exact type (`crm.order.placed`), every change of an entity (`crm.order.*`), or every
 * event (`*`) — shared/events/domain-event.ts, `eventTypeMatches`.
 */
export const eventTypePattern = z
  .string()
  .regex(/^(\*|crm\.[a-z][a-z0-9-]{0,39}\.(\*|[a-z][a-z0-9-]{0,39}))$/, 'An event type such as `crm.order.placed`, `crm.order.*` or `*`.');

const webhookUrl = z.string().min(1).max(2048);

export const createWebhookBody = z.strictObject({
  /** Where deliveries are POSTed: https, a public host (the SSRF guard, shared/webhooks/url-guard.ts). */
  url: webhookUrl,
  eventTypes: z.array(eventTypePattern).min(1).max(50),
  active: z.boolean().default(true),
  description: text(500).optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookBody>;

/** A merge patch; `description: null` removes it. Re-activating a disabled subscription is `active: true`. */
export const updateWebhookBody = z
  .strictObject({
    url: webhookUrl.optional(),
    eventTypes: z.array(eventTypePattern).min(1).max(50).optional(),
    active: z.boolean().optional(),
    description: text(500).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change.' });
export type UpdateWebhookInput = z.infer<typeof updateWebhookBody>;

export const webhookIdParams = z.strictObject({ webhookId: ulidSchema });
/** A delivery's id is its event's id (the stream record's id): letters, digits, `-` and `_`. */
export const deliveryIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Not a valid delivery id.');
export const deliveryParams = z.strictObject({ webhookId: ulidSchema, deliveryId: deliveryIdSchema });

export const listWebhooksQuery = z.strictObject({ ...pageQueryShape });
export type ListWebhooksQuery = z.infer<typeof listWebhooksQuery>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const listDeliveriesQuery = z.strictObject({ ...pageQueryShape, status: z.enum(DELIVERY_STATUSES).optional() });
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

export const replayWebhookBody = z.strictObject({
  /** Deliveries of events at or after this instant are sent again; at most 7 days back. */
  since: isoDateTime,
});
export type ReplayWebhookInput = z.infer<typeof replayWebhookBody>;

/** The subscription as stored: the secrets are in the item and never in an answer but the create's and rotate's. */
export interface StoredWebhook {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  description?: string;
  secret: string;
  /** The secret before the last rotation, still signing (a second signature) until `previousSecretExpiresAt`. */
  previousSecret?: string;
  previousSecretExpiresAt?: string;
  disabledAt?: string;
  disabledReason?: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** The subscription as the API returns it. Strict: no secret and no storage attribute can leak. */
export const webhookSchema = z.strictObject({
  id: ulidSchema,
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  description: z.string().optional(),
  /** Set when the dispatcher disabled it after a day of failed deliveries (docs/api.md, "Webhooks"). */
  disabledAt: isoDateTime.optional(),
  disabledReason: z.string().optional(),
  ...auditFieldsShape,
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The create's and the rotation's answer: the subscription with its signing secret, shown this once. */
export const webhookWithSecretSchema = webhookSchema.extend({ secret: z.string().regex(/^whsec_/) });

export const webhookListSchema = z.strictObject({ items: z.array(webhookSchema), nextCursor: z.string().nullable() });

export const deliverySchema = z.strictObject({
  id: deliveryIdSchema,
  webhookId: ulidSchema,
  eventId: z.string(),
  eventType: z.string(),
  eventTime: isoDateTime,
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int().min(0),
  firstAttemptAt: isoDateTime,
  lastAttemptAt: isoDateTime.optional(),
  nextAttemptAt: isoDateTime.optional(),
  deliveredAt: isoDateTime.optional(),
  /** The subscriber's last HTTP status, and at most 256 characters of its answer. */
  responseStatus: z.number().int().optional(),
  responseExcerpt: z.string().optional(),
  error: z.string().optional(),
});
export type DeliveryView = z.infer<typeof deliverySchema>;

export const deliveryListSchema = z.strictObject({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });

export const replayAnswerSchema = z.strictObject({
  /** Deliveries set to be sent again by the retry job (within a minute). */
  scheduled: z.number().int().min(0),
  /** True when more than 1,000 deliveries matched: replay again from the last one's event time. */
  truncated: z.boolean(),
});

/** The view of a stored subscription: without its secrets. */
export const publicWebhook = (stored: StoredWebhook): Webhook => {
  const { secret: _secret, previousSecret: _previous, previousSecretExpiresAt: _expires, ...view } = stored;
  return view;
};
