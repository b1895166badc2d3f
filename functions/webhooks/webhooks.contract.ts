import type { FeatureContracts } from '#shared/http/contract';
import {
  createWebhookBody,
  deliveryListSchema,
  deliveryParams,
  deliverySchema,
  listDeliveriesQuery,
  listWebhooksQuery,
  replayAnswerSchema,
  replayWebhookBody,
  updateWebhookBody,
  webhookIdParams,
  webhookListSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from './webhook.schema';

const webhook = { description: 'The webhook subscription (no secret)', schema: webhookSchema, name: 'Webhook' };
const withSecret = { description: 'The subscription with its signing secret, shown this once', schema: webhookWithSecretSchema, name: 'WebhookWithSecret' };

/** The contracts of the routes the webhooks function serves (see shared/http/contract.ts). */
export const webhooksContracts = {
  listWebhooks: {
    query: listWebhooksQuery,
    responses: { 200: { description: 'A page of webhook subscriptions, newest first', schema: webhookListSchema, name: 'WebhookList' } },
  },
  createWebhook: {
    body: createWebhookBody,
    bodyName: 'CreateWebhookRequest',
    responses: { 201: withSecret },
  },
  getWebhook: { params: webhookIdParams, responses: { 200: webhook } },
  updateWebhook: {
    params: webhookIdParams,
    body: updateWebhookBody,
    bodyName: 'UpdateWebhookRequest',
    responses: { 200: { ...webhook, description: 'The subscription, changed' } },
  },
  deleteWebhook: { params: webhookIdParams, responses: { 204: { description: 'Deleted' } } },
  rotateWebhookSecret: { params: webhookIdParams, responses: { 200: { ...withSecret, description: 'The subscription with its new secret (the previous one signs beside it for 24 hours)' } } },
  listWebhookDeliveries: {
    params: webhookIdParams,
    query: listDeliveriesQuery,
    responses: { 200: { description: 'A page of the delivery log, newest event first', schema: deliveryListSchema, name: 'WebhookDeliveryList' } },
  },
  redeliverWebhookDelivery: {
    params: deliveryParams,
    /** The delivery is being attempted at this moment. */
    problems: [409],
    responses: { 200: { description: 'The delivery after its new attempt', schema: deliverySchema, name: 'WebhookDelivery' } },
  },
  replayWebhook: {
    params: webhookIdParams,
    body: replayWebhookBody,
    bodyName: 'ReplayWebhookRequest',
    responses: { 200: { description: 'How many deliveries are scheduled again', schema: replayAnswerSchema, name: 'WebhookReplay' } },
  },
} satisfies FeatureContracts<'webhooks'>;
