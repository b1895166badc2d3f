import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fitForBus } from '#functions/events/eventbridge-bus';
import type { DomainEventBus } from '#functions/events/domain-events.ports';
import { streamConsumerFor } from '#functions/events/publish-domain-events.handler';
import type { AuditEntry } from '#shared/audit/audit';
import { toAuditItem } from '#shared/audit/audit.writes';
import { domainEventOf, domainEventTypeOf, eventTypeMatches, isDomainChange, type DomainEvent } from '#shared/events/domain-event';
import { auditEntryOfStreamRecord } from '#shared/events/stream-records';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: '01JEVENTENTRY0000000000000',
  at: '2026-12-07T10:00:00.000Z',
  actor: 'am1',
  action: 'create',
  entityType: 'customer',
  entityId: 'c1',
  customerId: 'c1',
  entityVersion: 1,
  changes: [{ field: 'name', new: '华为' }, { field: 'level', new: 'A' }],
  ...overrides,
});

const recordOf = (item: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT', seq = '1'): DynamoDBRecord =>
  ({
    eventID: `evt-${seq}`,
    eventName,
    dynamodb: { SequenceNumber: seq, NewImage: marshall(item, { removeUndefinedValues: true }) as never },
  }) as DynamoDBRecord;

describe('domain event types (per entity and change)', () => {
  it.each([
    [{ entityType: 'customer', action: 'create' }, 'crm.customer.created'],
    [{ entityType: 'customer', action: 'update' }, 'crm.customer.updated'],
    [{ entityType: 'customer', action: 'transfer' }, 'crm.customer.transferred'],
    [{ entityType: 'customer', action: 'delete' }, 'crm.customer.archived'],
    [{ entityType: 'customer', action: 'restore' }, 'crm.customer.restored'],
    [{ entityType: 'customer', action: 'merge' }, 'crm.customer.merged'],
    [{ entityType: 'order', action: 'create' }, 'crm.order.placed'],
    [{ entityType: 'payment', action: 'create' }, 'crm.payment.received'],
    [{ entityType: 'service', action: 'delete' }, 'crm.service.archived'],
    [{ entityType: 'service', action: 'assign' }, 'crm.service.assigned'],
    [{ entityType: 'dictionary', action: 'delete' }, 'crm.dictionary.deleted'],
    [{ entityType: 'user', action: 'lock' }, 'crm.user.locked'],
    [{ entityType: 'opportunity', action: 'transition', changes: [{ field: 'status', old: 'open', new: 'won' }] }, 'crm.opportunity.won'],
    [{ entityType: 'lost-customer', action: 'transition', changes: [{ field: 'churnStatus', old: 'lost', new: 'recovered' }] }, 'crm.lost-customer.recovered'],
    [{ entityType: 'quote', action: 'transition', changes: [{ field: 'status', new: 'Not A Verb!' }] }, 'crm.quote.transitioned'],
    [{ entityType: 'task', action: 'transition', changes: [] }, 'crm.task.transitioned'],
  ] as const)('%o → %s', (change, type) => {
    expect(domainEventTypeOf({ changes: [], ...change } as Pick<AuditEntry, 'entityType' | 'action' | 'changes'>)).toBe(type);
  });

  it('makes a CloudEvents 1.0 envelope with the changed fields, the actor and the stream id', () => {
    // Act
    const event = domainEventOf(entry({ note: 'VIP' }), 'stream-event-1');

    // Assess
    expect(event).toEqual({
      specversion: '1.0',
      id: 'stream-event-1',
      source: '/crm',
      type: 'crm.customer.created',
      subject: 'customer/c1',
      time: '2026-12-07T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: {
        entityType: 'customer',
        entityId: 'c1',
        action: 'create',
        actor: 'am1',
        customerId: 'c1',
        version: 1,
        changedFields: ['name', 'level'],
        changes: [{ field: 'name', new: '华为' }, { field: 'level', new: 'A' }],
        note: 'VIP',
        auditEntryId: '01JEVENTENTRY0000000000000',
      },
    });
  });

  it('leaves out reads (an export) and matches subscription patterns', () => {
    expect(isDomainChange(entry({ entityType: 'export' }))).toBe(false);
    expect(isDomainChange(entry({ entityType: 'order' }))).toBe(true);
    expect(eventTypeMatches('crm.order.*', 'crm.order.placed')).toBe(true);
    expect(eventTypeMatches('crm.order.*', 'crm.orders.placed')).toBe(false);
    expect(eventTypeMatches('crm.order.placed', 'crm.order.placed')).toBe(true);
    expect(eventTypeMatches('crm.order.placed', 'crm.order.updated')).toBe(false);
    expect(eventTypeMatches('*', 'crm.user.locked')).toBe(true);
  });

  it('reads an audit entry only from an INSERT of an AuditEntry item', () => {
    const item = toAuditItem(entry());
    expect(auditEntryOfStreamRecord(recordOf(item))).toEqual(entry());
    expect(auditEntryOfStreamRecord(recordOf(item, 'MODIFY'))).toBeUndefined();
    expect(auditEntryOfStreamRecord(recordOf(item, 'REMOVE'))).toBeUndefined();
    expect(auditEntryOfStreamRecord(recordOf({ pk: 'SEARCH#x', sk: 'CUSTOMER#c1', entity: 'SearchTerm' }))).toBeUndefined();
    expect(auditEntryOfStreamRecord(recordOf({ pk: 'CUSTOMER#c1', sk: 'CUSTOMER#c1', entity: 'Customer', name: 'x' }))).toBeUndefined();
  });

  it('leaves out the values of changes too big for the bus, never the event', () => {
    const big = domainEventOf(entry({ changes: [{ field: 'html', new: 'x'.repeat(300 * 1024) }] }), 'e1');
    const carried = JSON.parse(fitForBus(big)) as DomainEvent & { data: { changesOmitted?: boolean } };
    expect(carried.data.changes).toEqual([]);
    expect(carried.data.changedFields).toEqual(['html']);
    expect(carried.data.changesOmitted).toBe(true);
    expect(JSON.parse(fitForBus(domainEventOf(entry(), 'e2')))).toEqual(domainEventOf(entry(), 'e2'));
  });
});

describe('stream consumer (partial batch failures)', () => {
  it('reports exactly the records whose events the bus refused, in chunks of at most 10', async () => {
    // Prepare: 12 audit entries and one search term; the bus refuses the event of entry 11.
    const records = [
      ...Array.from({ length: 12 }, (_, index) => recordOf(toAuditItem(entry({ entityId: `c${index}` })), 'INSERT', String(index + 1))),
      recordOf({ pk: 'SEARCH#x', sk: 'CUSTOMER#c1', entity: 'SearchTerm' }, 'INSERT', '13'),
    ];
    const chunks: DomainEvent[][] = [];
    const bus: DomainEventBus = {
      publish: async (events) => {
        chunks.push([...events]);
        return events.map((event) => (event.id === 'evt-11' ? { ok: false, reason: 'ThrottlingException' } : { ok: true }));
      },
    };

    // Act
    const answer = await streamConsumerFor(bus)({ Records: records });

    // Assess
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: '11' }]);
    expect(chunks.map((chunk) => chunk.length)).toEqual([10, 2]);
    expect(chunks.flat().map((event) => event.id)).toEqual(records.slice(0, 12).map((record) => record.eventID));
  });

  it('throws when the bus answered none of the batch, so the whole batch is delivered again', async () => {
    const records = [1, 2].map((seq) => recordOf(toAuditItem(entry()), 'INSERT', String(seq)));
    const bus: DomainEventBus = { publish: () => Promise.reject(new Error('network')) };

    await expect(streamConsumerFor(bus)({ Records: records })).rejects.toThrow(/All records failed/);
  });
});
