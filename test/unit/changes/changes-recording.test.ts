import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEventBus } from '#functions/events/domain-events.ports';
import { streamConsumerFor } from '#functions/events/publish-domain-events.handler';
import { recordChange } from '#functions/events/record-change.use-case';
import type { AuditEntry } from '#shared/audit/audit';
import { toAuditItem } from '#shared/audit/audit.writes';
import { CHANGE_RETENTION_MS } from '#shared/events/change-feed';
import type { ChangeFeedEntry, ChangeMarker } from '#shared/events/change-feed.entity';
import { InMemoryChangeFeed } from './changes.fake';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: '01JCHANGEENTRY000000000001',
  at: '2026-12-07T10:00:00.000Z',
  actor: 'am1',
  action: 'update',
  entityType: 'contact',
  entityId: 'k1',
  customerId: 'c1',
  entityVersion: 2,
  changes: [{ field: 'phone', old: '1', new: '2' }],
  ...overrides,
});

const recordOf = (item: AuditEntry, seq: string): DynamoDBRecord =>
  ({ eventID: `evt-${seq}`, eventName: 'INSERT', dynamodb: { SequenceNumber: seq, NewImage: marshall(toAuditItem(item), { removeUndefinedValues: true }) as never } }) as DynamoDBRecord;

/** Refuses the recording of one event, as a throttled transaction would. */
class FailingFeed extends InMemoryChangeFeed {
  override async record(marker: ChangeMarker, entries: readonly ChangeFeedEntry[]): Promise<boolean> {
    if (marker.eventId === 'evt-3') throw new Error('throttled');
    return super.record(marker, entries);
  }
}

const acceptingBus: DomainEventBus = { publish: async (events) => events.map(() => ({ ok: true }) as const) };

describe('recording the change feed (functions/events/record-change.use-case.ts)', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-07T10:00:01.000Z'), toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('records a change under a customer in the company partition and its owner’s, with the 30-day TTL', async () => {
    // Prepare
    const feed = new InMemoryChangeFeed();
    feed.owners.set('c1', 'am1');
    const recordedAt = new Date();

    // Act
    const change = await recordChange({ changes: feed, ownerOf: (id) => feed.ownerOf(id) }, entry(), 'evt-1', recordedAt);

    // Assess
    expect(change).toMatchObject({ type: 'crm.contact.updated', entityType: 'contact', id: 'k1', version: 2, changedFields: ['phone'], changedAt: '2026-12-07T10:00:00.000Z' });
    expect(feed.copies({ kind: 'all' })).toHaveLength(1);
    expect(feed.copies({ kind: 'owner', ownerId: 'am1' })).toHaveLength(1);
    expect(feed.copies({ kind: 'owner', ownerId: 'am1' })[0]!.ttl).toBe(Math.floor((recordedAt.getTime() + CHANGE_RETENTION_MS) / 1000));
  });

  it('records a transfer for the previous and the new owner, without reading the customer', async () => {
    // Prepare
    const feed = new InMemoryChangeFeed();
    const transfer = entry({ entityType: 'customer', entityId: 'c1', action: 'transfer', changes: [{ field: 'ownerId', old: 'am1', new: 'am2' }] });

    // Act
    await recordChange({ changes: feed, ownerOf: (id) => feed.ownerOf(id) }, transfer, 'evt-2', new Date());

    // Assess
    expect(feed.ownerReads).toBe(0);
    expect(feed.copies({ kind: 'owner', ownerId: 'am1' }).map((copy) => copy.type)).toEqual(['crm.customer.transferred']);
    expect(feed.copies({ kind: 'owner', ownerId: 'am2' }).map((copy) => copy.type)).toEqual(['crm.customer.transferred']);
  });

  it('records a record under no customer in the company partition only, and an export not at all', async () => {
    // Prepare
    const feed = new InMemoryChangeFeed();
    const deps = { changes: feed, ownerOf: (id: string) => feed.ownerOf(id) };

    // Act
    await recordChange(deps, entry({ entityType: 'product', entityId: 'p1', customerId: undefined }), 'evt-3', new Date());
    const exported = await recordChange(deps, entry({ entityType: 'export', entityId: 'x1', customerId: undefined }), 'evt-4', new Date());

    // Assess
    expect(exported).toBeUndefined();
    expect(feed.copies({ kind: 'all' }).map((copy) => copy.entityType)).toEqual(['product']);
    expect([...feed.partitions.keys()].every((pk) => pk.startsWith('CHANGES#ALL#'))).toBe(true);
    expect(feed.ownerReads).toBe(0);
  });

  it('records a stream record handed over twice once (the marker of its event id)', async () => {
    // Prepare
    const feed = new InMemoryChangeFeed();
    feed.owners.set('c1', 'am1');
    const consume = streamConsumerFor(acceptingBus, feed);
    const batch = { Records: [recordOf(entry(), '1')] };

    // Act
    await consume(batch);
    vi.advanceTimersByTime(1000);
    const again = await consume(batch);

    // Assess
    expect(again.batchItemFailures).toEqual([]);
    expect(feed.transactions).toBe(2);
    expect(feed.copies({ kind: 'all' })).toHaveLength(1);
    expect(feed.copies({ kind: 'owner', ownerId: 'am1' })).toHaveLength(1);
  });

  it('reads each customer’s owner once per batch, and fails only the record whose recording failed', async () => {
    // Prepare
    const feed = new FailingFeed();
    feed.owners.set('c1', 'am1');
    const consume = streamConsumerFor(acceptingBus, feed);

    // Act
    const answer = await consume({
      Records: [recordOf(entry({ id: '01JCHANGEENTRY000000000001' }), '1'), recordOf(entry({ id: '01JCHANGEENTRY000000000002', entityVersion: 3 }), '2'), recordOf(entry({ id: '01JCHANGEENTRY000000000003', entityVersion: 4 }), '3')],
    });

    // Assess
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: '3' }]);
    expect(feed.ownerReads).toBe(1);
    expect(feed.copies({ kind: 'all' }).map((copy) => copy.version)).toEqual([2, 3]);
  });
});
