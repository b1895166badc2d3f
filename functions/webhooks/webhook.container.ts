import { randomBytes } from 'node:crypto';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { urlPolicyFromEnv } from '#shared/webhooks/url-guard';
import { httpWebhookSender } from '#shared/webhooks/webhook-sender';
import { DynamoDbDeliveryRepository } from './delivery.repository';
import type { WebhookDependencies } from './webhook.dependencies';
import { DynamoDbWebhookRepository } from './webhook.repository';
import { loadWebhooksConfig } from './webhooks.config';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: WebhookDependencies | undefined;

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export const webhookDependencies = (): WebhookDependencies => {
  if (dependencies) return dependencies;
  const config = loadWebhooksConfig();
  const client = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const urlPolicy = urlPolicyFromEnv();
  dependencies = {
    webhooks: new DynamoDbWebhookRepository(client, config.TABLE_NAME),
    deliveries: new DynamoDbDeliveryRepository(client, config.TABLE_NAME),
    sender: httpWebhookSender(urlPolicy),
    urlPolicy,
    newSecret: newWebhookSecret,
    clock: systemClock,
    ids: ulidGenerator(),
  };
  return dependencies;
};

export const useWebhookDependencies = (replacement: WebhookDependencies | undefined): void => {
  dependencies = replacement;
};
