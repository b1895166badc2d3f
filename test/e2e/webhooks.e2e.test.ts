import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { dispatchDomainEvent as DispatchDomainEvent } from '#functions/webhooks/dispatch-webhooks.handler';
import { retryDueDeliveries } from '#functions/webhooks/retry-deliveries.use-case';
import type { webhookDependencies as WebhookDependencies } from '#functions/webhooks/webhook.container';
import type { DomainEvent } from '#shared/events/domain-event';
import { LocalEventBus } from '#local/local-event-bus';
import { startStreamReader, type StreamReaderHandle } from '#local/stream-reader';
import type { CrmClient } from '#clients/typescript/src/index';
import { api, ddbClient, startTestGateway, useLocalStack, useOwnTable } from '#test/support/e2e';
import { typedClients } from '#test/support/e2e-sdk';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/**
 * Webhooks end to end (issue 22): a write through the gateway → the table stream → the domain event consumer → the
 * in-process bus → the dispatcher → a subscriber HTTP server on 127.0.0.1 that verifies the Standard Webhooks
 * signature. On a table of its own, so the stream holds only this file's writes and the subscriptions only its own.
 * The API calls go through the typed client (clients/typescript), except the refusals, which keep the raw client:
 * the SDK's types would refuse their inputs.
 */
describe('webhooks: signed deliveries of domain events, retries, exactly one delivery per event and subscription', () => {
  /** The raw client: only for the deliberately refused requests. */
  let client: ReturnType<typeof api>;
  let admin: CrmClient;
  let stopGateway: () => Promise<void>;
  let reader: StreamReaderHandle;
  let server: Server;
  let base: string;
  const received: Received[] = [];
  const events: DomainEvent[] = [];
  const dispatches: Promise<unknown>[] = [];
  let failing = true;
  // Imported once the environment points at the stack: the handler modules read their configuration at import.
  let dispatchDomainEvent: typeof DispatchDomainEvent;
  let webhookDependencies: typeof WebhookDependencies;

  beforeAll(async () => {
    await useOwnTable();
    const info = useLocalStack();
    const gateway = await startTestGateway();
    ({ dispatchDomainEvent } = await import('#functions/webhooks/dispatch-webhooks.handler'));
    ({ webhookDependencies } = await import('#functions/webhooks/webhook.container'));
    const { streamConsumerFor } = await import('#functions/events/publish-domain-events.handler');
    client = api(gateway.baseUrl);
    admin = typedClients(gateway.baseUrl)('admin');
    stopGateway = gateway.stop;
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const down = request.url === '/flaky' && failing;
        response.writeHead(down ? 500 : 204).end(down ? 'down for maintenance' : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bus = new LocalEventBus();
    bus.onEvent((event) => {
      events.push(event);
      dispatches.push(dispatchDomainEvent(event));
    });
    reader = await startStreamReader(ddbClient(), { endpoint: info.dynamodbEndpoint, tableName: info.tableName, handler: streamConsumerFor(bus), idleMs: 20 });
  }, 60_000);

  afterAll(async () => {
    await reader?.stop();
    await Promise.allSettled(dispatches);
    await stopGateway?.();
    await new Promise((resolve) => server?.close(resolve));
  });

  const subscribe = async (path: string, eventTypes: string[]) => {
    const { data, error, response } = await admin.POST('/v1/webhooks', { body: { url: `${base}${path}`, eventTypes } });
    expect(response.status, JSON.stringify(error)).toBe(201);
    return data!;
  };
  const deliveries = async (webhookId: string) => (await admin.GET('/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId } } })).data!.items;
  const createCustomer = async (name: string) => {
    const { data, error, response } = await admin.POST('/v1/customers', { body: { name, ownerId: 'am1' } });
    expect(response.status, JSON.stringify(error)).toBe(201);
    return data!.id;
  };

  it('delivers a signed, verifiable event to the matching subscription, once, and nothing to the others', async () => {
    // Prepare
    const customers = await subscribe('/customers', ['crm.customer.*']);
    const orders = await subscribe('/orders', ['crm.order.*']);

    // Act
    const customerId = await createCustomer(`Webhook customer ${Date.now()}`);
    await vi.waitFor(() => expect(received.filter((entry) => entry.path === '/customers')).toHaveLength(1), { timeout: 15_000, interval: 50 });
    await Promise.all(dispatches);
    const event = events.find((candidate) => candidate.type === 'crm.customer.created' && candidate.data.entityId === customerId)!;
    // The bus hands the same event over again (at-least-once): no second delivery.
    await dispatchDomainEvent(event);

    // Assess
    const [delivery] = received.filter((entry) => entry.path === '/customers');
    const verified = new Webhook(customers.secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as DomainEvent;
    expect(verified).toMatchObject({ specversion: '1.0', type: 'crm.customer.created', subject: `customer/${customerId}` });
    expect(delivery!.headers['webhook-id']).toBe(event.id);
    expect(() => new Webhook(orders.secret).verify(delivery!.body, delivery!.headers as Record<string, string>)).toThrow();
    expect(received.filter((entry) => entry.path === '/customers')).toHaveLength(1);
    expect(received.filter((entry) => entry.path === '/orders')).toHaveLength(0);
    expect(await deliveries(customers.id)).toEqual([expect.objectContaining({ id: event.id, status: 'delivered', attempts: 1, responseStatus: 204 })]);
    expect(await deliveries(orders.id)).toEqual([]);
  });

  it('retries a subscriber that answers 500 and delivers once it recovers, with the same webhook-id', async () => {
    // Prepare: a subscriber that is down
    const flaky = await subscribe('/flaky', ['crm.customer.created']);
    await createCustomer(`Webhook flaky ${Date.now()}`);
    await vi.waitFor(async () => expect(await deliveries(flaky.id)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: 500 })]), {
      timeout: 15_000,
      interval: 100,
    });
    const [pending] = await deliveries(flaky.id);

    // Act: it recovers; the retry job runs when the retry is due
    failing = false;
    const later = new Date(Date.parse(pending!.nextAttemptAt!) + 1_000);
    const outcome = await retryDueDeliveries({ ...webhookDependencies(), clock: { now: () => later } });

    // Assess
    expect(outcome).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await deliveries(flaky.id)).toEqual([expect.objectContaining({ id: pending!.id, status: 'delivered', attempts: 2, responseStatus: 204 })]);
    const attempts = received.filter((entry) => entry.path === '/flaky');
    expect(attempts.map((entry) => entry.headers['webhook-id'])).toEqual([pending!.id, pending!.id]);
    expect(() => new Webhook(flaky.secret).verify(attempts[1]!.body, attempts[1]!.headers as Record<string, string>)).not.toThrow();
  });

  it('refuses URLs the SSRF guard would not deliver to, and a replay window of a year, writing nothing', async () => {
    // Prepare
    const before = (await client.get<{ items: unknown[] }>('/v1/webhooks?limit=100', { as: 'admin' })).json.items.length;

    // Act (raw client: URLs and a window the API refuses)
    const refused = await Promise.all(
      ['https://169.254.169.254/latest/meta-data', 'https://10.0.0.7/hook', 'https://[fd00:ec2::254]/hook', 'http://hooks.example.com/crm', 'ftp://example.com/x'].map(
        (url) => client.post('/v1/webhooks', { url, eventTypes: ['*'] }, { as: 'admin' }),
      ),
    );
    const webhook = await subscribe('/customers', ['crm.customer.*']);
    const replay = await client.post(`/v1/webhooks/${webhook.id}/replay`, { since: new Date(Date.now() - 365 * 24 * 3_600_000).toISOString() }, { as: 'admin', headers: { 'if-match': `"${webhook.version}"` } });

    // Assess
    expect(refused.map((response) => response.status)).toEqual([400, 400, 400, 400, 400]);
    expect(replay.status, replay.text).toBe(400);
    expect((await client.get<{ items: unknown[] }>('/v1/webhooks?limit=100', { as: 'admin' })).json.items.length).toBe(before + 1);
  });
});
