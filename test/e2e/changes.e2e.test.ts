import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalEventBus } from '#local/local-event-bus';
import { startStreamReader, type StreamReaderHandle } from '#local/stream-reader';
import type { components, CrmClient } from '#clients/typescript/src/index';
import { api, ddbClient, startTestGateway, useLocalStack, useOwnTable } from '#test/support/e2e';
import { typedClients } from '#test/support/e2e-sdk';

type Page = components['schemas']['ChangePage'];
type Change = Page['items'][number];

/**
 * The change feed end to end (issue 22, part 3): writes through the gateway → DynamoDB Local's stream → the same
 * consumer as in AWS (it publishes the event and records the change) → GET /v1/changes, scoped per caller. On a table
 * of its own, so the feed holds only this file's changes. The happy paths call the typed client (clients/typescript);
 * the bad-input test keeps the raw client, since the SDK's types would refuse its parameters.
 */
describe('change feed: GET /v1/changes through the gateway and the local stream reader', () => {
  /** The raw client: only for the deliberately invalid requests. */
  let client: ReturnType<typeof api>;
  let crm: (username: string) => CrmClient;
  let stopGateway: () => Promise<void>;
  let reader: StreamReaderHandle;
  let consume: (event: DynamoDBStreamEvent) => Promise<unknown>;
  const batches: DynamoDBStreamEvent[] = [];

  beforeAll(async () => {
    await useOwnTable();
    const info = useLocalStack();
    const gateway = await startTestGateway();
    const { streamConsumerFor, tableChangeRecorder } = await import('#functions/events/publish-domain-events.handler');
    client = api(gateway.baseUrl);
    crm = typedClients(gateway.baseUrl);
    stopGateway = gateway.stop;
    const consumer = streamConsumerFor(new LocalEventBus(), await tableChangeRecorder());
    consume = consumer;
    reader = await startStreamReader(ddbClient(), {
      endpoint: info.dynamodbEndpoint,
      tableName: info.tableName,
      handler: (event) => {
        batches.push(event);
        return consumer(event);
      },
      idleMs: 20,
    });
  }, 60_000);

  afterAll(async () => {
    await reader?.stop();
    await stopGateway?.();
  });

  const read = async (as: string, since?: string): Promise<Page> => {
    const { data, error, response } = await crm(as).GET('/v1/changes', { params: { query: { limit: 200, ...(since ? { since } : {}) } } });
    expect(response.status, JSON.stringify(error)).toBe(200);
    return data!;
  };
  /** Follows the caller's feed from `since` until `done` holds for what was read (the feed lags its writes by ≥ 5 s). */
  const follow = async (as: string, since: string | undefined, done: (changes: Change[]) => boolean) => {
    const changes: Change[] = [];
    let cursor = since;
    await vi.waitFor(
      async () => {
        const page = await read(as, cursor);
        changes.push(...page.items);
        cursor = page.nextCursor;
        expect(done(changes)).toBe(true);
      },
      { timeout: 30_000, interval: 500 },
    );
    return { changes, cursor: cursor! };
  };
  const createCustomer = async (name: string, ownerId: string) => {
    const { data, error, response } = await crm('admin').POST('/v1/customers', { body: { name, ownerId } });
    expect(response.status, JSON.stringify(error)).toBe(201);
    return data!;
  };
  const ofRecord = (changes: Change[], id: string) => changes.filter((change) => change.id === id).map((change) => change.type);

  it('answers each committed change once, in order, to the callers who may see it; a transfer reaches both owners', async () => {
    // Prepare: a customer of am1 changed once, a customer of am2
    const start = { admin: (await read('admin')).nextCursor, am1: (await read('am1')).nextCursor, am2: (await read('am2')).nextCursor };
    const mine = await createCustomer(`Feed am1 ${Date.now()}`, 'am1');
    const theirs = await createCustomer(`Feed am2 ${Date.now()}`, 'am2');
    const patched = await crm('am1').PATCH('/v1/customers/{customerId}', { params: { path: { customerId: mine.id }, header: { 'If-Match': '"1"' } }, body: { level: 'major' } });
    expect(patched.response.status, JSON.stringify(patched.error)).toBe(200);

    // Act
    const admin = await follow('admin', start.admin, (changes) => ofRecord(changes, mine.id).length === 2 && ofRecord(changes, theirs.id).length === 1);
    const am1 = await follow('am1', start.am1, (changes) => ofRecord(changes, mine.id).length === 2);
    const am2 = await follow('am2', start.am2, (changes) => ofRecord(changes, theirs.id).length === 1);

    // Assess
    expect(ofRecord(admin.changes, mine.id)).toEqual(['crm.customer.created', 'crm.customer.updated']);
    expect(admin.changes.find((change) => change.id === mine.id && change.type === 'crm.customer.updated')).toMatchObject({ entity: 'customer', version: 2, changedFields: ['level'] });
    expect(ofRecord(am1.changes, theirs.id)).toEqual([]);
    expect(ofRecord(am2.changes, mine.id)).toEqual([]);

    // Act: the customer moves to am2
    const moved = await crm('sales').POST('/v1/customers/{customerId}/transfer', { params: { path: { customerId: mine.id }, header: { 'If-Match': '"2"' } }, body: { ownerId: 'am2' } });
    expect(moved.response.status, JSON.stringify(moved.error)).toBe(200);
    const am1After = await follow('am1', am1.cursor, (changes) => ofRecord(changes, mine.id).length === 1);
    const am2After = await follow('am2', am2.cursor, (changes) => ofRecord(changes, mine.id).length === 1);

    // Assess
    expect(ofRecord(am1After.changes, mine.id)).toEqual(['crm.customer.transferred']);
    expect(ofRecord(am2After.changes, mine.id)).toEqual(['crm.customer.transferred']);
  }, 120_000);

  it('records nothing twice when the stream hands the same records over again', async () => {
    // Prepare
    const before = (await read('admin')).nextCursor;
    const customer = await createCustomer(`Feed redelivered ${Date.now()}`, 'am1');
    const first = await follow('admin', before, (changes) => ofRecord(changes, customer.id).length === 1);
    await reader.drain();

    // Act: every batch the reader handed over so far, again
    for (const batch of batches) await consume(batch);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const again = await read('admin', before);

    // Assess
    expect(ofRecord(first.changes, customer.id)).toEqual(['crm.customer.created']);
    expect(ofRecord(again.items, customer.id)).toEqual(['crm.customer.created']);
    expect(new Set(again.items.map((change) => change.cursor)).size).toBe(again.items.length);
  }, 90_000);

  it('refuses bad input with a problem: a forged or another caller’s cursor, a bad limit, an unknown parameter', async () => {
    // Prepare
    const am1Cursor = (await read('am1')).nextCursor;

    // Act (raw client: a forged cursor and out-of-range or unknown parameters are what the typed client would refuse)
    const answers = await Promise.all([
      client.get('/v1/changes?since=not-a-cursor', { as: 'admin' }),
      client.get(`/v1/changes?since=${encodeURIComponent(am1Cursor)}`, { as: 'am2' }),
      client.get('/v1/changes?limit=0', { as: 'admin' }),
      client.get('/v1/changes?limit=201', { as: 'admin' }),
      client.get('/v1/changes?updatedSince=2026-01-01T00:00:00Z', { as: 'admin' }),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400]);
    expect(answers.every((answer) => answer.headers.get('content-type')?.startsWith('application/problem+json'))).toBe(true);
  });
});
