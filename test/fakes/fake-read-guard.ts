import type { CountedReads, CustomerReadGuard, ReadCounterStore } from '#shared/read-guard/customer-read-guard';
import type { ReadTally } from '#shared/read-guard/read-window';

/**
 * A read guard that allows everything and records what each read was charged and returned, so use-case tests can
 * assert what counts as a customer-record read without a store.
 */
export const recordingReadGuard = () => {
  const settled: { username: string; charged: number; returned: number }[] = [];
  const guard: CustomerReadGuard = {
    count: async (_username, records) => ({ tally: { window: 0, current: records, previous: 0 }, charged: records, atMs: 0 }),
    settle: async (username, counted: CountedReads, returned) => {
      settled.push({ username, charged: counted.charged, returned });
    },
  };
  return { guard, settled };
};

/** The counters in memory, with DynamoDB's semantics: `add` is atomic, `lock` succeeds once. */
export class InMemoryReadCounterStore implements ReadCounterStore {
  readonly counters = new Map<string, Map<number, number>>();
  readonly locks = new Map<string, { at: Date; note: string }>();
  adds = 0;

  async add(username: string, window: number, amounts: { current: number; previous: number }): Promise<ReadTally> {
    this.adds += 1;
    const windows = this.counters.get(username) ?? new Map<number, number>();
    windows.set(window, (windows.get(window) ?? 0) + amounts.current);
    if (amounts.previous !== 0) windows.set(window - 1, (windows.get(window - 1) ?? 0) + amounts.previous);
    this.counters.set(username, windows);
    return {
      window,
      current: windows.get(window) ?? 0,
      previous: windows.get(window - 1) ?? 0,
      lockedAt: this.locks.get(username)?.at.toISOString(),
    };
  }

  async lock(username: string, at: Date, note: string): Promise<boolean> {
    if (this.locks.has(username)) return false;
    this.locks.set(username, { at, note });
    return true;
  }
}
