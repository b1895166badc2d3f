import type { Clock } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { verdictOf, windowOf, type ReadGuardPolicy, type ReadTally } from './read-window';

/**
 * The data-exfiltration guard as the customers use cases see it (no AWS import here; the DynamoDB store is
 * `read-counter.repository.ts`, the wiring `read-guard.container.ts`).
 *
 * Customer-record reads counted: `getCustomer` (1), `listCustomers` (the items of the page; its delta feed the
 * customers answered, `findContacts`' contacts delta feed the contacts answered), `getCustomerOverview`
 * (1), and the lost-customer routes `getLostCustomer` (1) and `listLostCustomers` (the page): a lost-customer
 * record names the customer (number, name, owner, last order) and a list of at-risk customers is precisely what a
 * leaving salesperson would take, so it counts like any customer list. The audit routes count the customer records
 * their entries disclose (`customersDisclosedBy`, functions/admin/audit/audit.rules.ts); docs/data-model.md, "Customer
 * read guard", lists what counts and why.
 *
 * Latency: the counter update runs CONCURRENTLY with the read (`guardedRead`, Promise.allSettled), so a guarded
 * read costs max(read, UpdateItem) instead of their sum — no extra sequential round trip. On top of that a count may
 * RESERVE reads ahead (`policy.reserve`, at most 32 and a twentieth of the limit in production): the UpdateItem charges
 * the request plus the reservation, the verdict is taken on what was actually returned, and this container then serves
 * the user's next reads from the reservation, in memory, while it lasts — only within the fixed window it was charged
 * in, and only as far as the rolling estimate stays within the limit (`usable`, capped when the count comes back). So
 * most reads send no UpdateItem at all, and every read served is still counted in DynamoDB BEFORE it is served: the
 * promise holds (a user never reads past the limit, a container lost only over-counts). This is not the batching that
 * was rejected (counting in memory and flushing later, which loses counts with the container): nothing is counted
 * late. Precision, in exchange: a reservation another container holds counts as read for this one, so a user served
 * by several warm containers at once is locked up to `reserve` records per other container early; a lock made by
 * another container stops reads served from a reservation within ACCOUNT_LOCK_CACHE_SECONDS (the lock list every
 * route checks), not at once — at most the reservation, which was counted within the limit. `reserve: 0` (the
 * default of a bare policy) counts every read exactly, as before.
 *
 * The price of concurrency is that the count is fixed before the read's size is known:
 * a list page is charged its `limit` up front. The verdict is then taken on the number actually returned, and the
 * unused part of the charge is credited, in the same UpdateItem, by the user's next counted read in the same
 * container (to the window it was charged in — see `ReadGuard.count`), so short pages neither trip the guard nor,
 * in the steady state, inflate the count. A credit lost with its container only over-counts (errs towards locking),
 * never under-counts. Waiting for both also means the read that crosses the limit never leaves the function.
 *
 * Failure: if the counter update fails the read fails too (a retryable DynamoDB error is a 503) — the guard fails
 * closed, as a guard that can be switched off by overloading it would not be one.
 */
export interface CustomerReadGuard {
  /** Counts up to `records` reads by `username` now; runs concurrently with the read itself. */
  count(username: string, records: number): Promise<CountedReads>;
  /**
   * Decides once the read is back, knowing how many records it `returned`: resolves when the read may be answered,
   * rejects with AccountLocked when the account is locked or this read takes it over the limit (then it locks it).
   */
  settle(username: string, counted: CountedReads, returned: number): Promise<void>;
}

export interface CountedReads {
  /** The counters as this request's UpdateItem returned them; absent when it was served from a reservation. */
  readonly tally?: ReadTally;
  /** What this request charged (before credits): the most records the read could return, plus any reservation. */
  readonly charged: number;
  /** When it was counted (ms): the verdict weighs the windows as of this instant. */
  readonly atMs: number;
}

export const accountLocked = (): DomainError =>
  new DomainError(
    ErrorCode.AccountLocked,
    'Your account is locked: an administrator disabled it, or it read an unusual number of customer records in a short time. ' +
      'Ask an administrator to enable it.',
  );

/**
 * Runs `read` and the guard's count side by side and lets the guard decide on the result. The guard's verdict wins
 * over the read's own error (a locked account gets 403, not a 404 that would confirm or deny an id).
 */
export const guardedRead = async <T>(
  guard: CustomerReadGuard,
  username: string,
  upTo: number,
  read: () => Promise<T>,
  returnedOf: (value: T) => number,
): Promise<T> => {
  if (upTo <= 0) return read();
  const [counted, result] = await Promise.allSettled([guard.count(username, upTo), read()]);
  if (counted.status === 'rejected') throw counted.reason;
  await guard.settle(username, counted.value, result.status === 'fulfilled' ? returnedOf(result.value) : 0);
  if (result.status === 'rejected') throw result.reason;
  return result.value;
};

/** The store of the per-user counters and of the lock (DynamoDB: `read-counter.repository.ts`). */
export interface ReadCounterStore {
  /**
   * Adds `amounts.current` to `window`'s count and `amounts.previous` (a credit, ≤ 0) to the previous window's,
   * atomically; returns both windows and the lock.
   */
  add(username: string, window: number, amounts: { current: number; previous: number }, expiresAtSeconds: number): Promise<ReadTally>;
  /**
   * Locks the account in one transaction (lock marker on the counter, the user in the locked-accounts list, the
   * audit entry). `false` when it was already locked (a concurrent read tripped first): only one trip acts.
   */
  lock(username: string, at: Date, note: string): Promise<boolean>;
}

/** Disables the user at the identity provider and revokes their refresh tokens (Cognito). */
export interface AccountDisabler {
  disable(username: string): Promise<{ disabled: boolean; signedOut: boolean }>;
}

export interface ReadGuardPorts {
  readonly store: ReadCounterStore;
  readonly disabler: AccountDisabler;
  readonly clock: Clock;
  readonly policy: ReadGuardPolicy;
  /** This container's copy of the locked-accounts list, updated at once when this container locks someone. */
  readonly onLocked: (username: string) => void;
  /** The alarm: one structured ERROR line per trip (never customer data or tokens). */
  readonly alarm: (details: { username: string; estimate: number; limit: number; disabled: boolean; signedOut: boolean }) => void;
}

/** The stable alarm name a CloudWatch metric filter matches (lib/constructs/read-guard-alarm.ts). */
export const READ_GUARD_ALARM = 'CustomerReadGuardTripped';

/** Unused charges of one user in this container, in the fixed window they were charged in. */
interface Credit {
  readonly window: number;
  /** Charged in DynamoDB and not read: given back by the next UpdateItem. */
  amount: number;
  /** The part of `amount` the user may still read without a new count (the estimate stays within the limit). */
  usable: number;
}

export class ReadGuard implements CustomerReadGuard {
  /** Unused charges per user, in the window they were charged in; taken by the user's next count. */
  private readonly credits = new Map<string, Credit>();

  constructor(private readonly ports: ReadGuardPorts) {}

  async count(username: string, records: number): Promise<CountedReads> {
    const { clock, policy, store } = this.ports;
    const atMs = clock.now().getTime();
    const window = windowOf(atMs, policy.windowMs);
    const credit = this.credits.get(username);
    // Served from this container's reservation: already counted in DynamoDB, within the limit when it was reserved.
    if (credit && credit.window === window && credit.usable >= records) {
      credit.usable -= records;
      credit.amount -= records;
      return { charged: records, atMs };
    }
    // A credit goes back to the window it was charged in — the previous one still weighs in the estimate, so an
    // over-charge left there would count against the user (older windows no longer weigh: dropped).
    this.credits.delete(username);
    const reserve = policy.reserve ?? 0;
    const amounts = {
      current: records + reserve - (credit?.window === window ? credit.amount : 0),
      previous: credit?.window === window - 1 ? -credit.amount : 0,
    };
    // Kept while it can still weigh as the previous window, then DynamoDB's TTL removes the item.
    const expiresAtSeconds = Math.ceil(((window + 2) * policy.windowMs) / 1000) + 60;
    const tally = await store.add(username, window, amounts, expiresAtSeconds);
    return { tally, charged: records + reserve, atMs };
  }

  async settle(username: string, counted: CountedReads, returned: number): Promise<void> {
    const { policy } = this.ports;
    const unused = counted.charged - returned;
    if (!counted.tally) {
      // From a reservation: what was not read goes back to it (unless a lock dropped it meanwhile).
      const credit = this.credits.get(username);
      if (credit && unused > 0 && windowOf(counted.atMs, policy.windowMs) === credit.window) {
        credit.amount += unused;
        credit.usable += unused;
      }
      return;
    }
    const verdict = verdictOf(counted.tally, { charged: counted.charged, returned }, counted.atMs, policy);
    // An unlock deletes the counters: a credit kept across it would start the user below zero.
    if (verdict.kind !== 'allow') this.credits.delete(username);
    if (verdict.kind === 'locked') {
      this.ports.onLocked(username);
      throw accountLocked();
    }
    if (verdict.kind === 'trip') {
      await this.trip(username, verdict.estimate);
      throw accountLocked();
    }
    if (unused > 0) {
      const previous = this.credits.get(username);
      const same = previous?.window === counted.tally.window ? previous : undefined;
      // Readable later only while the estimate stays within the limit, and only when the policy reserves (with
      // `reserve: 0` every read is counted by its own UpdateItem); the rest is only given back.
      const headroom = (policy.reserve ?? 0) > 0 ? Math.max(0, Math.floor(policy.limit - verdict.estimate)) : 0;
      this.credits.set(username, {
        window: counted.tally.window,
        amount: (same?.amount ?? 0) + unused,
        usable: Math.min((same?.usable ?? 0) + unused, headroom),
      });
    }
  }

  /**
   * Lock first (the API refuses the user from now on, whatever happens next), then Cognito: disable the user (no new
   * sign-in) and sign them out globally (refresh tokens revoked; access and ID tokens stay valid until they expire,
   * which is why the API checks the lock on every route). A Cognito failure is in the alarm line, not the response.
   */
  private async trip(username: string, estimate: number): Promise<void> {
    const { store, disabler, clock, policy } = this.ports;
    const rounded = Math.round(estimate);
    const note = `${rounded} customer records read in ${Math.round(policy.windowMs / 60_000)} min (limit ${policy.limit})`;
    const lockedNow = await store.lock(username, clock.now(), note);
    this.ports.onLocked(username);
    if (!lockedNow) return;
    const outcome = await disabler.disable(username);
    this.ports.alarm({ username, estimate: rounded, limit: policy.limit, ...outcome });
  }
}
