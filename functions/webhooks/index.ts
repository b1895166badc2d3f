import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the webhooks function (issue 22): the administrators' routes over subscriptions and their delivery
 * logs. The dispatcher (dispatch-webhooks.handler.ts) and the retry job (retry-webhooks.handler.ts) are functions of
 * their own (lib/constructs/webhooks.ts).
 */
export const handler = createFeatureHandler('webhooks', {
  listWebhooks: async () => (await import('./list-webhooks.handler')).listWebhooksHandler,
  createWebhook: async () => (await import('./create-webhook.handler')).createWebhookHandler,
  getWebhook: async () => (await import('./get-webhook.handler')).getWebhookHandler,
  updateWebhook: async () => (await import('./update-webhook.handler')).updateWebhookHandler,
  deleteWebhook: async () => (await import('./delete-webhook.handler')).deleteWebhookHandler,
  rotateWebhookSecret: async () => (await import('./rotate-webhook-secret.handler')).rotateWebhookSecretHandler,
  listWebhookDeliveries: async () => (await import('./list-webhook-deliveries.handler')).listWebhookDeliveriesHandler,
  redeliverWebhookDelivery: async () => (await import('./redeliver-webhook-delivery.handler')).redeliverWebhookDeliveryHandler,
  replayWebhook: async () => (await import('./replay-webhook.handler')).replayWebhookHandler,
});
