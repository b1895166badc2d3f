import { describe, expect, it } from 'vitest';
import type { ChurnWatchRepository, PageKey, WatchedCustomer } from '#functions/jobs/churn-detection.ports';
import { ChurnDetectionFailed, detectChurn, monthsBefore } from '#functions/jobs/churn-detection.use-case';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import { CHURN_WATCH_SHARDS, churnShardOf } from '#shared/churn/churn.keys';

/** A watch index in memory: the job's contract with its repository (range per shard, paging, conditional writes). */
class InMemoryWatch implements ChurnWatchRepository {
  readonly watched = new Map<string, WatchedCustomer>();
  readonly records = new Map<string, LostCustomer>();
  readonly pagesRead: { shard: number; before: string }[] = [];
  failFor = new Set<string>();

  add(customer: Partial<WatchedCustomer> & { id: string; since: string }): void {
    const { since, ...rest } = customer;
    this.watched.set(customer.id, {
      customerNo: `C-${customer.id}`,
      name: `Customer ${customer.id}`,
      ownerId: 'am1',
      status: 'active',
      createdAt: since,
      archived: false,
      watchKey: `${since}#${customer.id}`,
      ...rest,
    });
  }

  async atRisk(shard: number, before: string, page: { limit: number; startKey?: PageKey }) {
    this.pagesRead.push({ shard, before });
    const inShard = [...this.watched.values()]
      .filter((customer) => churnShardOf(customer.id) === shard && customer.watchKey < before)
      .sort((a, b) => a.watchKey.localeCompare(b.watchKey))
      .filter((customer) => page.startKey === undefined || customer.watchKey > String(page.startKey.gsi6sk));
    const items = inShard.slice(0, page.limit);
    return { items, ...(inShard.length > page.limit ? { lastKey: { gsi6sk: items.at(-1)!.watchKey } } : {}) };
  }

  async openWarning(customer: WatchedCustomer, record: LostCustomer): Promise<'opened' | 'skipped'> {
    if (this.failFor.has(customer.id)) throw Object.assign(new Error('boom'), { name: 'InternalServerError' });
    if (this.watched.get(customer.id)?.watchKey !== customer.watchKey) return 'skipped';
    this.watched.delete(customer.id);
    this.records.set(customer.id, record);
    return 'opened';
  }

  async leaveWatch(customer: WatchedCustomer): Promise<'left' | 'skipped'> {
    return this.watched.delete(customer.id) ? 'left' : 'skipped';
  }
}

/** Ids whose last character spreads them over every shard. */
const id = (n: number) => `01KAAAAAAAAAAAAAAAAAAAAA${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Math.floor(n / 32) % 32]}${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[n % 32]}`;

const run = (watch: InMemoryWatch, now = '2026-11-22T02:30:00.000Z', pageSize = 2) =>
  detectChurn({ watch, clock: { now: () => new Date(now) }, settings: { thresholdMonths: 6, pageSize } });

describe('churn detection (use case)', () => {
  it.each([
    ['2026-11-22T02:30:00.000Z', 6, '2026-05-22T02:30:00.000Z'],
    ['2026-08-31T00:00:00.000Z', 6, '2026-02-28T00:00:00.000Z'],
    ['2028-08-31T00:00:00.000Z', 6, '2028-02-29T00:00:00.000Z'],
    ['2027-01-15T12:00:00.000Z', 1, '2026-12-15T12:00:00.000Z'],
    ['2027-03-31T23:59:59.999Z', 13, '2026-02-28T23:59:59.999Z'],
  ])('puts the threshold of %s at %i calendar months earlier: %s', (now, months, expected) => {
    expect(monthsBefore(new Date(now), months).toISOString()).toBe(expected);
  });

  it('opens a warning for exactly the customers whose last order (or creation) is older than 6 months', async () => {
    // Prepare — threshold 2026-05-22T02:30Z.
    const watch = new InMemoryWatch();
    watch.add({ id: id(1), since: '2026-05-22T02:29:59.999Z' }); // just older → at risk
    watch.add({ id: id(2), since: '2026-05-22T02:30:00.000Z' }); // exactly the threshold → not older
    watch.add({ id: id(3), since: '2025-01-01T00:00:00.000Z', lastOrderAt: '2025-01-01T00:00:00.000Z' });
    watch.add({ id: id(4), since: '2026-11-01T00:00:00.000Z' });

    // Act
    const result = await run(watch);

    // Assess
    expect([...result.opened].sort()).toEqual([id(1), id(3)].sort());
    expect(result.threshold).toBe('2026-05-22T02:30:00.000Z');
    expect(watch.records.get(id(3))).toMatchObject({
      status: 'warning',
      watchSince: '2025-01-01T00:00:00.000Z',
      lastOrderAt: '2025-01-01T00:00:00.000Z',
      thresholdMonths: 6,
      openedAt: '2026-11-22T02:30:00.000Z',
      measures: [],
      version: 1,
    });
    expect(watch.records.get(id(1))?.lastOrderAt).toBeUndefined();
  });

  it('opens nothing twice: a second run finds nothing at risk', async () => {
    // Prepare
    const watch = new InMemoryWatch();
    for (let n = 0; n < 9; n += 1) watch.add({ id: id(n), since: '2025-06-01T00:00:00.000Z' });

    // Act
    const first = await run(watch);
    const second = await run(watch);

    // Assess
    expect(first.opened).toHaveLength(9);
    expect(second).toMatchObject({ opened: [], examined: 0 });
  });

  it('reads every shard to the end, page by page', async () => {
    // Prepare — 3 at-risk customers per shard, pages of 2.
    const watch = new InMemoryWatch();
    for (let n = 0; n < 3 * CHURN_WATCH_SHARDS; n += 1) watch.add({ id: id(n), since: '2025-06-01T00:00:00.000Z' });

    // Act
    const result = await run(watch, undefined, 2);

    // Assess
    expect(result.opened).toHaveLength(3 * CHURN_WATCH_SHARDS);
    expect(new Set(watch.pagesRead.map((page) => page.shard))).toEqual(new Set(Array.from({ length: CHURN_WATCH_SHARDS }, (_, shard) => shard)));
    expect(result.queries).toBe(2 * CHURN_WATCH_SHARDS);
  });

  it('takes customers that should not be watched out of the watch instead of opening a record', async () => {
    // Prepare
    const watch = new InMemoryWatch();
    watch.add({ id: id(1), since: '2025-06-01T00:00:00.000Z', status: 'inactive' });
    watch.add({ id: id(2), since: '2025-06-01T00:00:00.000Z', archived: true });
    watch.add({ id: id(3), since: '2025-06-01T00:00:00.000Z', churnStatus: 'delaying' });
    watch.add({ id: id(4), since: '2025-06-01T00:00:00.000Z', churnStatus: 'recovered' });

    // Act
    const result = await run(watch);

    // Assess
    expect(result.opened).toEqual([id(4)]);
    expect(result.leftWatch).toBe(3);
    expect(watch.watched.size).toBe(0);
  });

  it('does every other customer when one fails, then throws so the scheduler retries', async () => {
    // Prepare
    const watch = new InMemoryWatch();
    for (let n = 0; n < 6; n += 1) watch.add({ id: id(n), since: '2025-06-01T00:00:00.000Z' });
    watch.failFor.add(id(2));

    // Act
    const outcome = await run(watch).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(ChurnDetectionFailed);
    expect((outcome as ChurnDetectionFailed).run.opened).toHaveLength(5);
    expect((outcome as ChurnDetectionFailed).run.failed).toEqual([{ customerId: id(2), error: 'InternalServerError' }]);
    // The retry finds only what is left.
    watch.failFor.clear();
    await expect(run(watch)).resolves.toMatchObject({ opened: [id(2)] });
  });
});
