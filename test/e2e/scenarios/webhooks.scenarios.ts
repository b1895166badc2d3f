import { expect } from 'vitest';
import { DynamoDbDeliveryRepository } from '#functions/webhooks/delivery.repository';
import { createDocumentClient } from '#shared/db/client';
import type { OperationId } from '#shared/routes';
import { useLocalStack, type api } from '#test/support/e2e';
import { uniqueName, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Webhook = { id: string; version: number; url: string; active: boolean; description?: string; secret?: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * A subscription body. Inactive, and pointing at the discard port of this machine (local mode allows loopback):
 * nothing delivers to it, and a redelivery fails at once (connection refused) instead of waiting on the network.
 */
export const webhookBody = (extra: Record<string, unknown> = {}) => ({
  url: 'http://127.0.0.1:9/crm-hook',
  eventTypes: ['crm.customer.*'],
  active: false,
  description: uniqueName('webhook'),
  ...extra,
});

export const arrangeWebhook = async (client: Client, extra: Record<string, unknown> = {}): Promise<Webhook> => {
  const response = await client.post<Webhook>('/v1/webhooks', webhookBody(extra), { as: 'admin' });
  expect(response.status, response.text).toBe(201);
  return response.json;
};

const expectWebhookUntouched = async (client: Client, webhookId: string, version: number): Promise<void> => {
  const current = await client.get<Webhook>(`/v1/webhooks/${webhookId}`, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json.version).toBe(version);
};

/** A delivery in the subscription's log, written as the dispatcher writes it (no bus in the shared suites). */
export const arrangeDelivery = async (webhookId: string, status: 'pending' | 'delivered' | 'failed' = 'failed') => {
  const info = useLocalStack();
  const client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  const eventId = `e2e-${crypto.randomUUID()}`;
  const at = new Date().toISOString();
  try {
    await new DynamoDbDeliveryRepository(client, info.tableName).createIfAbsent({
      id: eventId,
      webhookId,
      eventId,
      eventType: 'crm.customer.created',
      eventTime: at,
      payload: JSON.stringify({ id: eventId, type: 'crm.customer.created' }),
      status,
      attempts: 9,
      firstAttemptAt: at,
      lastAttemptAt: at,
      responseStatus: 500,
      ttl: Math.floor(Date.now() / 1000) + 3600,
    });
  } finally {
    client.destroy();
  }
  return eventId;
};

const expectDeliveryUntouched = async (client: Client, webhookId: string, deliveryId: string, attempts: number): Promise<void> => {
  const log = await client.get<{ items: { id: string; attempts: number }[] }>(`/v1/webhooks/${webhookId}/deliveries`, { as: 'admin' });
  expect(log.status, log.text).toBe(200);
  expect(log.json.items.find((item) => item.id === deliveryId)?.attempts).toBe(attempts);
};

/** How to exercise each webhooks route in the generated authorization matrix (administrators only). */
export const WEBHOOK_SCENARIOS = {
  listWebhooks: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      return {
        method: 'GET',
        path: '/v1/webhooks?limit=100',
        assertUnchanged: () => expectWebhookUntouched(client, webhook.id, 1),
        assertSuccess: (response) => {
          const items = (response.json as { items: Webhook[] }).items;
          expect(items.some((item) => item.id === webhook.id)).toBe(true);
          expect(items.every((item) => item.secret === undefined)).toBe(true);
        },
      };
    },
  },
  createWebhook: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      const body = webhookBody();
      return {
        method: 'POST',
        path: '/v1/webhooks',
        body,
        assertUnchanged: async () => {
          const page = await client.get<{ items: Webhook[] }>('/v1/webhooks?limit=100', { as: 'admin' });
          expect(page.json.items.some((item) => item.description === body.description)).toBe(false);
        },
        assertSuccess: (response, caller) => {
          expect(response.json).toMatchObject({ url: body.url, active: false, version: 1, createdBy: caller });
          expect((response.json as Webhook).secret).toMatch(/^whsec_/);
        },
      };
    },
  },
  getWebhook: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      return {
        method: 'GET',
        path: `/v1/webhooks/${webhook.id}`,
        assertUnchanged: () => expectWebhookUntouched(client, webhook.id, 1),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: webhook.id, version: 1 });
          expect((response.json as Webhook).secret).toBeUndefined();
        },
      };
    },
  },
  updateWebhook: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      return {
        method: 'PATCH',
        path: `/v1/webhooks/${webhook.id}`,
        body: { eventTypes: ['crm.order.*'] },
        headers: ifMatch(1),
        assertUnchanged: () => expectWebhookUntouched(client, webhook.id, 1),
        assertSuccess: (response) => expect(response.json).toMatchObject({ version: 2, eventTypes: ['crm.order.*'] }),
      };
    },
  },
  deleteWebhook: {
    target: 'record',
    successStatus: 204,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      return {
        method: 'DELETE',
        path: `/v1/webhooks/${webhook.id}`,
        headers: ifMatch(1),
        assertUnchanged: () => expectWebhookUntouched(client, webhook.id, 1),
        assertSuccess: async () => {
          expect((await client.get(`/v1/webhooks/${webhook.id}`, { as: 'admin' })).status).toBe(404);
        },
      };
    },
  },
  rotateWebhookSecret: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      return {
        method: 'POST',
        path: `/v1/webhooks/${webhook.id}/secret`,
        headers: ifMatch(1),
        assertUnchanged: () => expectWebhookUntouched(client, webhook.id, 1),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ version: 2 });
          expect((response.json as Webhook).secret).toMatch(/^whsec_/);
          expect((response.json as Webhook).secret).not.toBe(webhook.secret);
        },
      };
    },
  },
  listWebhookDeliveries: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      const deliveryId = await arrangeDelivery(webhook.id);
      return {
        method: 'GET',
        path: `/v1/webhooks/${webhook.id}/deliveries?status=failed`,
        assertUnchanged: () => expectDeliveryUntouched(client, webhook.id, deliveryId, 9),
        assertSuccess: (response) => {
          const items = (response.json as { items: { id: string; payload?: string }[] }).items;
          expect(items.map((item) => item.id)).toEqual([deliveryId]);
          expect(items[0]!.payload).toBeUndefined();
        },
      };
    },
  },
  redeliverWebhookDelivery: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      const deliveryId = await arrangeDelivery(webhook.id);
      return {
        method: 'POST',
        path: `/v1/webhooks/${webhook.id}/deliveries/${deliveryId}/redeliver`,
        headers: { 'if-match': `"${webhook.version}"` },
        assertUnchanged: () => expectDeliveryUntouched(client, webhook.id, deliveryId, 9),
        // Nothing listens on the discard port: the new attempt fails and is scheduled again.
        assertSuccess: (response) => expect(response.json).toMatchObject({ id: deliveryId, attempts: 10, status: 'pending' }),
      };
    },
  },
  replayWebhook: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const webhook = await arrangeWebhook(client);
      const deliveryId = await arrangeDelivery(webhook.id, 'delivered');
      return {
        method: 'POST',
        path: `/v1/webhooks/${webhook.id}/replay`,
        headers: { 'if-match': `"${webhook.version}"` },
        body: { since: new Date(Date.now() - 3_600_000).toISOString() },
        assertUnchanged: async () => {
          const log = await client.get<{ items: { id: string; status: string }[] }>(`/v1/webhooks/${webhook.id}/deliveries`, { as: 'admin' });
          expect(log.json.items.find((item) => item.id === deliveryId)?.status).toBe('delivered');
        },
        assertSuccess: (response) => expect(response.json).toEqual({ scheduled: 1, truncated: false }),
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
