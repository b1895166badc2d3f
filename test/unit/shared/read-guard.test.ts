import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CachedLockedAccounts } from '#shared/auth/account-lock';
import { systemClock } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { guardedRead, ReadGuard, type AccountDisabler, type ReadGuardPorts } from '#shared/read-guard/customer-read-guard';
import { estimatedReads, verdictOf, windowOf } from '#shared/read-guard/read-window';
import { InMemoryReadCounterStore } from '#test/fakes/fake-read-guard';

const MINUTE = 60_000;
const policy = { limit: 20, windowMs: 10 * MINUTE };
/** The start of a fixed window, so that "elapsed in the window" is exact in every test. */
const WINDOW_START = new Date(windowOf(Date.parse('2026-11-22T08:00:00.000Z'), policy.windowMs) * policy.windowMs);

describe('the sliding window rule', () => {
  const at = WINDOW_START.getTime();

  it('allows the read that reaches the limit and trips on the one after it', () => {
    // Prepare: 20 counted in this window, nothing before
    const reaching = { window: windowOf(at, policy.windowMs), current: 20, previous: 0 };
    const crossing = { ...reaching, current: 21 };

    // Act + Assess
    expect(verdictOf(reaching, { charged: 1, returned: 1 }, at, policy)).toEqual({ kind: 'allow', estimate: 20 });
    expect(verdictOf(crossing, { charged: 1, returned: 1 }, at, policy)).toEqual({ kind: 'trip', estimate: 21 });
  });

  it('weighs the previous window by how much of it still overlaps the rolling window', () => {
    expect(estimatedReads({ current: 4, previous: 20 }, at, policy.windowMs)).toBe(24);
    expect(estimatedReads({ current: 4, previous: 20 }, at + 5 * MINUTE, policy.windowMs)).toBe(14);
    expect(estimatedReads({ current: 4, previous: 20 }, at + 9 * MINUTE, policy.windowMs)).toBeCloseTo(6);
  });

  it('judges a page on what it returned, not on what was charged for it', () => {
    // Prepare: 15 earlier reads + a page charged 25 that returned 3
    const tally = { window: 0, current: 40, previous: 0 };

    // Act + Assess: 18 real reads are under the limit; had all 25 come back it would be over
    expect(verdictOf(tally, { charged: 25, returned: 3 }, at, policy)).toEqual({ kind: 'allow', estimate: 18 });
    expect(verdictOf(tally, { charged: 25, returned: 25 }, at, policy)).toEqual({ kind: 'trip', estimate: 40 });
  });

  it('never trips on a read that returned nothing, and refuses a locked account whatever it read', () => {
    expect(verdictOf({ window: 0, current: 99, previous: 0 }, { charged: 1, returned: 0 }, at, policy).kind).toBe('allow');
    expect(verdictOf({ window: 0, current: 0, previous: 0, lockedAt: 'x' }, { charged: 1, returned: 0 }, at, policy).kind).toBe('locked');
  });
});

describe('ReadGuard', () => {
  let store: InMemoryReadCounterStore;
  let disabled: string[];
  let alarms: Parameters<ReadGuardPorts['alarm']>[0][];
  let locallyLocked: string[];
  let guard: ReadGuard;

  const disabler: AccountDisabler = {
    disable: async (username) => {
      disabled.push(username);
      return { disabled: true, signedOut: true };
    },
  };
  const readOne = (username = 'mole') => guardedRead(guard, username, 1, async () => ({ id: 'c1' }), () => 1);
  const readMany = async (count: number, username = 'mole') => {
    for (let index = 0; index < count; index += 1) await readOne(username);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(WINDOW_START);
    store = new InMemoryReadCounterStore();
    disabled = [];
    alarms = [];
    locallyLocked = [];
    guard = new ReadGuard({
      store,
      disabler,
      clock: systemClock,
      policy,
      onLocked: (username) => locallyLocked.push(username),
      alarm: (details) => alarms.push(details),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves reads up to the limit, then locks the account on the next one: once, with Cognito and the alarm', async () => {
    // Prepare
    await readMany(20);

    // Act
    const crossing = readOne();

    // Assess
    await expect(crossing).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
    expect(store.locks.get('mole')?.note).toBe('21 customer records read in 10 min (limit 20)');
    expect(disabled).toEqual(['mole']);
    expect(alarms).toEqual([{ username: 'mole', estimate: 21, limit: 20, disabled: true, signedOut: true }]);
    expect(locallyLocked).toEqual(['mole']);
    // Every later read is refused as locked, without a second lock, Cognito call or alarm.
    await expect(readOne()).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
    expect(disabled).toHaveLength(1);
    expect(alarms).toHaveLength(1);
  });

  it('counts each user on their own', async () => {
    await readMany(20, 'mole');
    await readMany(20, 'colleague');

    await expect(readOne('colleague')).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
    expect(store.locks.has('mole')).toBe(false);
  });

  it('carries the previous window over at full weight at the very start of the next window', async () => {
    // Prepare: 20 reads in the first window
    await readMany(20);

    // Act + Assess: at the very start of the next window the previous one still weighs fully — one more trips
    vi.setSystemTime(WINDOW_START.getTime() + 10 * MINUTE);
    await expect(readOne()).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
  });

  it('lets reads through again as the previous window slides out', async () => {
    await readMany(20);

    // Half-way through the next window the previous 20 weigh 10: ten more reads are served, the eleventh trips.
    vi.setSystemTime(WINDOW_START.getTime() + 15 * MINUTE);
    await readMany(10);
    await expect(readOne()).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
  });

  it('starts from zero once two windows have passed', async () => {
    await readMany(20);

    vi.setSystemTime(WINDOW_START.getTime() + 20 * MINUTE);
    await readMany(20);

    expect(store.locks.size).toBe(0);
  });

  it('charges a page its limit while it is read, then credits the unused part to the next read', async () => {
    // Act: a page charged 25 that returned 3
    await guardedRead(guard, 'mole', 25, async () => ['a', 'b', 'c'], (items) => items.length);
    await readOne();

    // Assess: 25 charged, then 1 − 22 credited: the stored count is the 4 records actually read
    expect(store.counters.get('mole')?.get(windowOf(Date.now(), policy.windowMs))).toBe(4);
  });

  it('gives a credit back to the window it was charged in: an empty page at the end of a window trips nothing', async () => {
    // Prepare: an empty page charged 25 just before the window ends
    vi.setSystemTime(WINDOW_START.getTime() + 10 * MINUTE - 1);
    await guardedRead(guard, 'mole', 25, async () => [], (items) => items.length);

    // Act: the next read, in the next window, where the previous window still weighs fully
    vi.setSystemTime(WINDOW_START.getTime() + 10 * MINUTE);
    await readOne();

    // Assess: the current window holds this read only (the credit did not hide it), the previous one nothing
    const window = windowOf(Date.now(), policy.windowMs);
    expect(store.counters.get('mole')?.get(window)).toBe(1);
    expect(store.counters.get('mole')?.get(window - 1)).toBe(0);
  });

  it('answers a locked account with 403 even when the read itself failed (no 404 that confirms an id)', async () => {
    store.locks.set('mole', { at: new Date(), note: 'earlier' });

    const read = guardedRead(guard, 'mole', 1, () => Promise.reject(new Error('not found')), () => 1);

    await expect(read).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
  });

  it('passes the read error through when the account is not locked, and counts nothing for it', async () => {
    await expect(guardedRead(guard, 'mole', 1, () => Promise.reject(new Error('not found')), () => 1)).rejects.toThrow('not found');
    await readOne();

    expect(store.counters.get('mole')?.get(windowOf(Date.now(), policy.windowMs))).toBe(1);
  });

  it('fails the read when the counter cannot be updated (fail closed)', async () => {
    store.add = () => Promise.reject(Object.assign(new Error('busy'), { name: 'ThrottlingException' }));

    await expect(readOne()).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('ReadGuard with a reservation (policy.reserve)', () => {
  const reserving = { ...policy, reserve: 5 };
  let store: InMemoryReadCounterStore;
  let alarms: Parameters<ReadGuardPorts['alarm']>[0][];

  const guardOf = (withPolicy: typeof reserving) =>
    new ReadGuard({
      store,
      disabler: { disable: async () => ({ disabled: true, signedOut: true }) },
      clock: systemClock,
      policy: withPolicy,
      onLocked: () => undefined,
      alarm: (details) => alarms.push(details),
    });
  const readOne = (guard: ReadGuard, username = 'mole') => guardedRead(guard, username, 1, async () => ({ id: 'c1' }), () => 1);
  const counted = (username = 'mole') => store.counters.get(username)?.get(windowOf(Date.now(), policy.windowMs)) ?? 0;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(WINDOW_START);
    store = new InMemoryReadCounterStore();
    alarms = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves most reads from the reservation, never ahead of the count, and trips on the read after the limit', async () => {
    // Prepare
    const guard = guardOf(reserving);

    // Act: the limit's worth of reads, each checked against the stored count as it is served
    for (let read = 1; read <= 20; read += 1) {
      await readOne(guard);
      expect(counted()).toBeGreaterThanOrEqual(read);
    }

    // Assess: one UpdateItem per reservation, not per read; the 21st read still trips, exactly as without one
    expect(store.adds).toBe(4);
    await expect(readOne(guard)).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
    expect(alarms).toEqual([{ username: 'mole', estimate: 21, limit: 20, disabled: true, signedOut: true }]);
  });

  it('never reserves past the limit: a reservation larger than the headroom still trips on the 21st read', async () => {
    const guard = guardOf({ ...policy, reserve: 32 });

    for (let read = 1; read <= 20; read += 1) await readOne(guard);

    await expect(readOne(guard)).rejects.toMatchObject({ code: ErrorCode.AccountLocked });
    expect(alarms).toHaveLength(1);
  });

  it('gives back what a read from the reservation did not return (a 404 counts nothing)', async () => {
    const guard = guardOf(reserving);
    await readOne(guard);

    await guardedRead(guard, 'mole', 1, async () => undefined, () => 0);
    for (let read = 2; read <= 6; read += 1) await readOne(guard);

    // 6 reads: the first count charged 1 + 5, the 404 gave its 1 back, so reads 2–6 came from that reservation
    expect(store.adds).toBe(1);
    expect(counted()).toBe(6);
  });

  it('uses a reservation only in the window it was charged in, and gives the rest back to that window', async () => {
    // Prepare: one read at the end of a window reserves 5 there
    vi.setSystemTime(WINDOW_START.getTime() + 10 * MINUTE - 1);
    const guard = guardOf(reserving);
    await readOne(guard);

    // Act: the next read, in the next window
    vi.setSystemTime(WINDOW_START.getTime() + 10 * MINUTE);
    await readOne(guard);

    // Assess: counted again (a second UpdateItem); the previous window keeps the one read, not the reservation
    const window = windowOf(Date.now(), policy.windowMs);
    expect(store.adds).toBe(2);
    expect(store.counters.get('mole')?.get(window - 1)).toBe(1);
    expect(store.counters.get('mole')?.get(window)).toBe(6);
  });

  it("counts another container's reservation as read: two containers lock at most a reservation each early", async () => {
    // Prepare: two containers, each holding an unused reservation of 5
    const first = guardOf(reserving);
    const second = guardOf(reserving);
    await readOne(first);
    await readOne(second);

    // Act: the user reads through the first container only
    let served = 2;
    await expect(
      (async () => {
        for (;;) {
          await readOne(first);
          served += 1;
        }
      })(),
    ).rejects.toMatchObject({ code: ErrorCode.AccountLocked });

    // Assess: never past the limit, and locked at most the second container's reservation early
    expect(served).toBeLessThanOrEqual(20);
    expect(served).toBeGreaterThanOrEqual(20 - reserving.reserve);
  });
});

describe('CachedLockedAccounts', () => {
  it('reads the list at most once per period, and sees a change after it', async () => {
    // Prepare
    let now = 0;
    let list = new Set<string>();
    let loads = 0;
    const locks = new CachedLockedAccounts(async () => {
      loads += 1;
      return list;
    }, 10_000, () => now);

    // Act + Assess
    expect(await locks.isLocked('mole')).toBe(false);
    list = new Set(['mole']);
    now = 9_999;
    expect(await locks.isLocked('mole')).toBe(false);
    expect(loads).toBe(1);
    now = 10_000;
    expect(await locks.isLocked('mole')).toBe(true);
    expect(loads).toBe(2);
  });

  it('applies its own lock and unlock at once, over a list loaded before them', async () => {
    let now = 0;
    let list = new Set<string>(['mole']);
    const locks = new CachedLockedAccounts(async () => list, 10_000, () => now);
    expect(await locks.isLocked('mole')).toBe(true);

    locks.markUnlocked('mole');
    expect(await locks.isLocked('mole')).toBe(false);
    locks.markLocked('other');
    expect(await locks.isLocked('other')).toBe(true);

    // A refresh started after the marks is the truth again.
    list = new Set(['other']);
    now = 20_000;
    expect(await locks.isLocked('mole')).toBe(false);
    expect(await locks.isLocked('other')).toBe(true);
  });

  it('keeps the previous list when a refresh fails, and fails closed with no list at all', async () => {
    let now = 0;
    let fail = false;
    const locks = new CachedLockedAccounts(async () => {
      if (fail) throw new Error('busy');
      return new Set(['mole']);
    }, 10_000, () => now);
    expect(await locks.isLocked('mole')).toBe(true);

    fail = true;
    now = 10_000;
    expect(await locks.isLocked('mole')).toBe(true);
    await expect(new CachedLockedAccounts(() => Promise.reject(new Error('busy')), 10_000).isLocked('mole')).rejects.toThrow('busy');
  });
});
