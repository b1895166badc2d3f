import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEventBus } from '#functions/events/domain-events.ports';
import { streamConsumerFor } from '#functions/events/publish-domain-events.handler';
import { businessDataPointsOf, webhookOutcomePoints } from '#shared/events/business-metrics';
import type { DomainEvent } from '#shared/events/domain-event';
import { emfPublisher } from '#shared/events/emf-metrics';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { toAuditItem } from '#shared/audit/audit.writes';

const event = (type: string, changes: DomainEvent['data']['changes'] = []): Pick<DomainEvent, 'type' | 'data'> => ({
  type,
  data: { entityType: 'order', entityId: 'o1', action: 'create', actor: 'am1', changedFields: changes.map((change) => change.field), changes, auditEntryId: 'a1' },
});

describe('business metrics from the domain events (shared/events/business-metrics.ts)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts every event, orders placed with their value per currency, services opened and archived, logins locked', () => {
    // Act
    const placed = businessDataPointsOf(event('crm.order.placed', [{ field: 'total', new: { amount: 12_300, currency: 'CNY' } }]));
    const opened = businessDataPointsOf(event('crm.service.created'));
    const archived = businessDataPointsOf(event('crm.service.archived'));
    const locked = businessDataPointsOf(event('crm.user.locked'));
    const other = businessDataPointsOf(event('crm.customer.updated'));

    // Assess
    expect(placed).toEqual([
      { name: 'DomainEventsPublished', value: 1, unit: 'Count' },
      { name: 'OrdersPlaced', value: 1, unit: 'Count' },
      { name: 'OrderValuePlaced', value: 12_300, unit: 'None', dimensions: { Currency: 'CNY' } },
    ]);
    expect(opened.map((point) => point.name)).toEqual(['DomainEventsPublished', 'ServicesOpened']);
    expect(archived.map((point) => point.name)).toEqual(['DomainEventsPublished', 'ServicesArchived']);
    expect(locked.map((point) => point.name)).toEqual(['DomainEventsPublished', 'LoginsLocked']);
    expect(other.map((point) => point.name)).toEqual(['DomainEventsPublished']);
  });

  it('counts webhook outcomes by outcome, leaving out the empty ones', () => {
    expect(webhookOutcomePoints({ delivered: 3, failed: 0, deadLettered: 1 })).toEqual([
      { name: 'WebhookDeliveries', value: 3, unit: 'Count', dimensions: { Outcome: 'delivered' } },
      { name: 'WebhookDeliveries', value: 1, unit: 'Count', dimensions: { Outcome: 'dead-lettered' } },
    ]);
  });

  it('writes the batch\'s counts as one EMF line in namespace CRM, and each order value as its own line with its currency', async () => {
    // Prepare
    const lines: string[] = [];
    // Powertools writes EMF to stdout (a Console of its own, or console.log in dev mode): both are caught.
    const keep = (chunk: unknown) => void lines.push(...String(chunk).split('\n').filter((line) => line.includes('"_aws"')));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (keep(chunk), true));
    vi.spyOn(console, 'log').mockImplementation(keep);
    const publisher = emfPublisher('crm-domain-events');
    const bus: DomainEventBus = { publish: async (events) => events.map(() => ({ ok: true }) as const) };
    const metrics = { count: (published: DomainEvent) => publisher.add(businessDataPointsOf(published)), flush: () => publisher.flush() };
    const record = (seq: string, entityType: 'order' | 'customer'): DynamoDBRecord =>
      ({
        eventID: `evt-${seq}`,
        eventName: 'INSERT',
        dynamodb: {
          SequenceNumber: seq,
          NewImage: marshall(
            toAuditItem({ id: `01JMETRICS${seq.padStart(16, '0')}`, at: '2026-12-07T10:00:00.000Z', actor: 'am1', action: 'create', entityType, entityId: `x${seq}`, customerId: 'c1', changes: [{ field: 'total', new: { amount: 500, currency: 'USD' } }] }),
            { removeUndefinedValues: true },
          ) as never,
        },
      }) as DynamoDBRecord;

    // Act
    await streamConsumerFor(bus, undefined, metrics)({ Records: [record('1', 'order'), record('2', 'order'), record('3', 'customer')] });

    // Assess
    const emf = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } });
    const counts = emf.filter((line) => line['OrdersPlaced'] !== undefined);
    const values = emf.filter((line) => line['OrderValuePlaced'] !== undefined);
    expect(counts).toHaveLength(1);
    expect(counts[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('CRM');
    expect(counts[0]!['DomainEventsPublished']).toEqual([1, 1, 1]);
    expect(counts[0]!['service']).toBe('crm-domain-events');
    expect(values).toHaveLength(2);
    expect(values.map((line) => [line['Currency'], line['OrderValuePlaced']])).toEqual([['USD', 500], ['USD', 500]]);
  });
});
