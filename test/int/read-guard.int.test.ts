import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedLockedAccounts, dynamoDbLockListLoader, type LockedAccounts } from '#shared/auth/account-lock';
import { lockAccount, unlockAccount } from '#shared/auth/account-lock-admin';
import { systemClock } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { readGuardKeys } from '#shared/read-guard/read-guard.keys';
import { guardedRead, ReadGuard } from '#shared/read-guard/customer-read-guard';
import { DynamoDbReadCounterStore, READ_GUARD_ACTOR } from '#shared/read-guard/read-counter.repository';
import { windowOf } from '#shared/read-guard/read-window';
import { useLocalStack } from '#test/support/e2e';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';

/** The read guard's counters, lock and unlock on DynamoDB Local. Each test uses its own usernames. */
describe('the read guard on DynamoDB Local', () => {
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let store: DynamoDbReadCounterStore;
  const username = (label: string) => `int-${label}-${randomBytes(4).toString('hex')}`;
  const WINDOW_MS = 600_000;
  const window = windowOf(Date.now(), WINDOW_MS);
  const expires = Math.ceil(Date.now() / 1000) + 3600;
  const lockList = (): Promise<ReadonlySet<string>> => dynamoDbLockListLoader(client, tableName)();
  const noCache: LockedAccounts = { isLocked: async () => false, markLocked: () => {}, markUnlocked: () => {} };

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    // DynamoDB Local on a loaded 2-core box: the production 2 s request timeout is too tight (as in documentClient()).
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    store = new DynamoDbReadCounterStore(client, tableName);
  });
  afterAll(() => client.destroy());

  it('counts concurrent increments exactly: every request sees a distinct running total', async () => {
    // Prepare
    const user = username('concurrent');

    // Act: 40 counts at once, as 40 containers would
    const tallies = await Promise.all(
      Array.from({ length: 40 }, () => store.add(user, window, { current: 1, previous: 0 }, expires)),
    );

    // Assess
    expect(tallies.map((tally) => tally.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: readGuardKeys.counter(user), ConsistentRead: true }));
    expect(Item?.[readGuardKeys.windowAttribute(window)]).toBe(40);
  });

  it('returns the previous window with the current one, credits the previous one, and drops older windows', async () => {
    // Prepare
    const user = username('windows');
    await store.add(user, window - 3, { current: 7, previous: 0 }, expires);
    await store.add(user, window - 1, { current: 30, previous: 0 }, expires);

    // Act
    const tally = await store.add(user, window, { current: 2, previous: -5 }, expires);

    // Assess
    expect(tally).toEqual({ window, current: 2, previous: 25, lockedAt: undefined });
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: readGuardKeys.counter(user), ConsistentRead: true }));
    expect(Item?.[readGuardKeys.windowAttribute(window - 3)]).toBeUndefined();
    expect(Item?.['ttl']).toBe(expires);
  });

  it('serves exactly the limit to concurrent reads, then locks once: marker, lock list and audit entry', async () => {
    // Prepare
    const user = username('burst');
    const disabled: string[] = [];
    const alarms: unknown[] = [];
    const guard = new ReadGuard({
      store,
      disabler: { disable: async (name) => (disabled.push(name), { disabled: true, signedOut: true }) },
      clock: systemClock,
      policy: { limit: 20, windowMs: 3_600_000 },
      onLocked: () => {},
      alarm: (details) => alarms.push(details),
    });

    // Act: 30 reads at once
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, () => guardedRead(guard, user, 1, async () => 'customer', () => 1)),
    );

    // Assess
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(20);
    expect(refused).toHaveLength(10);
    for (const outcome of refused) expect(outcome.reason).toMatchObject({ code: ErrorCode.AccountLocked });
    expect(disabled).toEqual([user]);
    expect(alarms).toHaveLength(1);
    expect((await lockList()).has(user)).toBe(true);
    const [entry, ...more] = await auditEntriesOf(client, tableName, 'user', user);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'lock', entityType: 'user', entityId: user, actor: READ_GUARD_ACTOR });
    expect(changesOf(entry)).toEqual({ locked: { old: false, new: true } });
    // A later count sees the marker on any container: no need to wait for the lock list.
    expect((await store.add(user, window, { current: 1, previous: 0 }, expires)).lockedAt).toEqual(expect.any(String));
  });

  it('locks on an administrator\'s decision: on the lock list, audited as the admin once; locking again changes nothing', async () => {
    // Prepare
    const user = username('disable');
    const deps = { client, tableName, clock: systemClock, locks: noCache };

    // Act
    const first = await lockAccount({ username: user, by: 'admin' }, deps);
    const second = await lockAccount({ username: user, by: 'admin' }, deps);

    // Assess
    expect(first).toEqual({ wasLocked: false });
    expect(second).toEqual({ wasLocked: true });
    expect((await lockList()).has(user)).toBe(true);
    const entries = await auditEntriesOf(client, tableName, 'user', user);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([['lock', 'admin']]);
    expect(changesOf(entries[0]!)).toEqual({ locked: { old: false, new: true } });
    await unlockAccount({ username: user, by: 'admin' }, deps);
    expect((await lockList()).has(user)).toBe(false);
  });

  it('unlocks: off the lock list, counters reset, audited as the admin; unlocking again changes nothing', async () => {
    // Prepare
    const user = username('unlock');
    await store.add(user, window, { current: 99, previous: 0 }, expires);
    expect(await store.lock(user, new Date(), 'test')).toBe(true);
    expect(await store.lock(user, new Date(), 'test')).toBe(false);

    // Act
    const first = await unlockAccount({ username: user, by: 'admin', note: 'talked to them' }, { client, tableName, clock: systemClock, locks: noCache });
    const second = await unlockAccount({ username: user, by: 'admin' }, { client, tableName, clock: systemClock, locks: noCache });

    // Assess
    expect(first).toEqual({ wasLocked: true });
    expect(second).toEqual({ wasLocked: false });
    expect((await lockList()).has(user)).toBe(false);
    expect((await store.add(user, window, { current: 1, previous: 0 }, expires)).current).toBe(1);
    const entries = await auditEntriesOf(client, tableName, 'user', user);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['lock', READ_GUARD_ACTOR],
      ['unlock', 'admin'],
    ]);
    expect(entries[1]?.note).toBe('talked to them');
  });

  it('lets a container see a lock made elsewhere once its copy of the list is older than the period', async () => {
    // Prepare
    const user = username('cache');
    let now = 0;
    const locks = new CachedLockedAccounts(dynamoDbLockListLoader(client, tableName), 10_000, () => now);
    expect(await locks.isLocked(user)).toBe(false);

    // Act: another container locks the user
    await store.lock(user, new Date(), 'test');

    // Assess: not before the period is over, then yes
    expect(await locks.isLocked(user)).toBe(false);
    now = 10_000;
    expect(await locks.isLocked(user)).toBe(true);
  });
});
