import { defineEntity, fieldsOf } from '#shared/db/entity';
import { webhookKeys } from '#shared/webhooks/webhook.keys';
import type { StoredWebhook } from './webhook.schema';

/**
 * The webhook subscription (`pk = WEBHOOK#<id>`, `sk = WEBHOOK`), declared once; rewritten whole by every change (a
 * conditional Put on its version). On gsi1 `WEBHOOKS` by creation: the list and the dispatcher's one Query.
 * docs/data-model.md, "Webhooks".
 */
export const WEBHOOK_FIELDS = fieldsOf<StoredWebhook>()(
  'id', 'url', 'eventTypes', 'active', 'description', 'secret', 'previousSecret', 'previousSecretExpiresAt', 'disabledAt',
  'disabledReason', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const webhookEntity = defineEntity<StoredWebhook>({
  name: 'Webhook',
  fields: WEBHOOK_FIELDS,
  keyOf: (webhook) => webhookKeys.item(webhook.id),
  indexesOf: (webhook) => ({
    [webhookKeys.all.pkAttribute]: webhookKeys.all.pk(),
    [webhookKeys.all.skAttribute]: webhookKeys.allSortKey(webhook.createdAt, webhook.id),
  }),
});

/** A subscription's delivery health (`sk = HEALTH`): when a delivery last succeeded (the disabling rule). */
export interface WebhookHealth {
  webhookId: string;
  lastSuccessAt?: string;
  lastFailureAt?: string;
}

export const webhookHealthEntity = defineEntity<WebhookHealth>({
  name: 'WebhookHealth',
  fields: fieldsOf<WebhookHealth>()('webhookId', 'lastSuccessAt', 'lastFailureAt'),
  keyOf: (health) => webhookKeys.health(health.webhookId),
});
