import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamConsumerFor } from '#functions/events/publish-domain-events.handler';
import { auditPut } from '#shared/audit/audit.writes';
import type { AuditEvent } from '#shared/audit/audit';
import { createDocumentClient } from '#shared/db/client';
import { part, transactParts } from '#shared/db/transactions';
import type { DomainEvent } from '#shared/events/domain-event';
import { ensureTable } from '#local/bootstrap-table';
import { LocalEventBus } from '#local/local-event-bus';
import { startStreamReader, type StreamReaderHandle } from '#local/stream-reader';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';

useScratchDynamoDb();

/**
 * Domain events from DynamoDB Local's real stream: the local reader hands the table's stream records to the same
 * consumer as in AWS, which publishes one CloudEvent per committed business change — the audit entry's INSERT —
 * and nothing for a refused transaction or an item that is not a change (search terms, counters).
 */
describe('domain events from the table stream', () => {
  const tableName = `crm-int-events-${randomBytes(4).toString('hex')}`;
  let client: ReturnType<typeof createDocumentClient>;
  let admin: ReturnType<typeof ddbClient>;
  let reader: StreamReaderHandle;
  const bus = new LocalEventBus();
  const events: DomainEvent[] = [];
  const batches: DynamoDBRecord[][] = [];
  let consumer: (event: DynamoDBStreamEvent) => ReturnType<ReturnType<typeof streamConsumerFor>>;

  const change = (entityId: string, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
    at: '2026-12-07T10:00:00.000Z',
    actor: 'am1',
    action: 'create',
    entityType: 'customer',
    entityId,
    entityVersion: 1,
    changes: [{ field: 'name', new: '华为' }],
    ...overrides,
  });

  beforeAll(async () => {
    const info = useLocalStack();
    admin = ddbClient();
    await ensureTable(admin, tableName);
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    bus.onEvent((event) => void events.push(event));
    const publish = streamConsumerFor(bus);
    consumer = (event) => {
      batches.push(event.Records);
      return publish(event);
    };
    reader = await startStreamReader(admin, { endpoint: info.dynamodbEndpoint, tableName, handler: consumer, idleMs: 20 });
  });

  afterAll(async () => {
    await reader?.stop();
    await admin?.send(new DeleteTableCommand({ TableName: tableName }));
    client?.destroy();
    admin?.destroy();
  });

  it('publishes exactly one event per committed change, none for a refused one or a non-business item', async () => {
    // Prepare: a create (customer, a search term, a counter, its audit entry) and an update, both committed;
    // a create refused by its condition; a counter moved on its own.
    const customer = { pk: 'CUSTOMER#c1', sk: 'CUSTOMER#c1', entity: 'Customer', id: 'c1', name: '华为', version: 1 };

    // Act
    await transactParts(client, [
      part('customer', { Put: { TableName: tableName, Item: customer, ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('term', { Put: { TableName: tableName, Item: { pk: 'SEARCH#hw', sk: 'CUSTOMER#c1', entity: 'SearchTerm' } } }),
      part('counter', { Update: { TableName: tableName, Key: { pk: 'COUNT#customers', sk: 'COUNT' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }),
      part('audit', auditPut(tableName, change('c1'))),
    ]);
    const refused = await transactParts(client, [
      part('customer', { Put: { TableName: tableName, Item: customer, ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('audit', auditPut(tableName, change('c1', { entityId: 'c1' }))),
    ]);
    await transactParts(client, [
      part('customer', { Put: { TableName: tableName, Item: { ...customer, name: '华为技术', version: 2 } } }),
      part('audit', auditPut(tableName, change('c1', { action: 'update', entityVersion: 2, changes: [{ field: 'name', old: '华为', new: '华为技术' }] }))),
    ]);
    await client.send(new UpdateCommand({ TableName: tableName, Key: { pk: 'COUNT#customers', sk: 'COUNT' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }));
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: 'IDEMPOTENCY#k', sk: 'IDEMPOTENCY', entity: 'IdempotencyRecord' } }));
    await reader.drain();

    // Assess
    expect(refused?.has('customer')).toBe(true);
    expect(events.map((event) => [event.type, event.data.entityId, event.data.actor, event.data.changedFields])).toEqual([
      ['crm.customer.created', 'c1', 'am1', ['name']],
      ['crm.customer.updated', 'c1', 'am1', ['name']],
    ]);
    const auditRecords = batches.flat().filter((record) => record.dynamodb?.NewImage?.['entity']?.S === 'AuditEntry');
    expect(events.map((event) => event.id)).toEqual(auditRecords.map((record) => record.eventID));
    expect(events[1]).toMatchObject({ specversion: '1.0', source: '/crm', subject: 'customer/c1', datacontenttype: 'application/json', time: '2026-12-07T10:00:00.000Z' });
    expect(events[1]!.data.changes).toEqual([{ field: 'name', old: '华为', new: '华为技术' }]);
  });

  it('gives the same event ids when a batch is delivered again', async () => {
    // Prepare: the records of the first test's audit entries, as the stream would deliver them again.
    const again = batches.flat().filter((record) => record.dynamodb?.NewImage?.['entity']?.S === 'AuditEntry');
    const before = events.length;

    // Act
    const answer = await consumer({ Records: again });

    // Assess
    expect(answer.batchItemFailures).toEqual([]);
    expect(events.slice(before).map((event) => event.id)).toEqual(again.map((record) => record.eventID));
    expect(events.slice(before).map((event) => event.type)).toEqual(events.slice(0, before).map((event) => event.type));
  });
});
