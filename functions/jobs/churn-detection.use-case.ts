import type { Clock } from '#shared/core/clock';
import { CHURN_WATCH_SHARDS, OPEN_LOST_CUSTOMER_STATUSES } from '#shared/churn/churn.keys';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import type { ChurnWatchRepository, PageKey, WatchedCustomer } from './churn-detection.ports';

/** Who the job's writes are attributed to (createdBy / updatedBy of the records it opens). */
export const CHURN_JOB_ACTOR = 'system:churn-detection';

export interface ChurnDetectionDependencies {
  readonly watch: ChurnWatchRepository;
  readonly clock: Clock;
  readonly settings: { readonly thresholdMonths: number; readonly pageSize: number };
}

export interface ChurnRun {
  readonly asOf: string;
  readonly thresholdMonths: number;
  /** Customers whose last order (or creation) is before this instant are at risk. */
  readonly threshold: string;
  /** Customers the watch Queries returned. */
  readonly examined: number;
  /** Customers for whom a record was opened in `warning`, in the order they were found. */
  readonly opened: readonly string[];
  /** Customers that changed between the Query and the write (another run, an order …): nothing written. */
  readonly skipped: number;
  /** Customers that were in the watch but should not be (inactive, archived, record already open): taken out. */
  readonly leftWatch: number;
  readonly failed: readonly { readonly customerId: string; readonly error: string }[];
  /** Query pages read. */
  readonly queries: number;
}

/** The run failed for some customers; the others are done. Thrown so the scheduler retries (then the DLQ). */
export class ChurnDetectionFailed extends Error {
  constructor(readonly run: ChurnRun) {
    super(`churn detection failed for ${run.failed.length} customer(s): ${run.failed.map((failure) => failure.customerId).join(', ')}`);
    this.name = 'ChurnDetectionFailed';
  }
}

/**
 * `date` minus whole calendar months, in UTC; the day is clamped to the target month (31 Aug − 6 months =
 * 28 Feb, or 29 in a leap year).
 */
export const monthsBefore = (date: Date, months: number): Date => {
  const target = new Date(date.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
};

const sinceOf = (customer: WatchedCustomer): string => customer.watchKey.slice(0, customer.watchKey.lastIndexOf('#'));

/** The record a warning opens: everything the list and the report need, copied from the watched customer. */
export const warningRecordFor = (customer: WatchedCustomer, openedAt: string, thresholdMonths: number): LostCustomer => ({
  customerId: customer.id,
  customerNo: customer.customerNo,
  customerName: customer.name,
  ownerId: customer.ownerId,
  status: 'warning',
  openedAt,
  watchSince: sinceOf(customer),
  ...(customer.lastOrderAt ? { lastOrderAt: customer.lastOrderAt } : {}),
  thresholdMonths,
  measures: [],
  version: 1,
  createdAt: openedAt,
  createdBy: CHURN_JOB_ACTOR,
  updatedAt: openedAt,
  updatedBy: CHURN_JOB_ACTOR,
});

const belongsInWatch = (customer: WatchedCustomer): boolean =>
  customer.status === 'active' &&
  !customer.archived &&
  !(OPEN_LOST_CUSTOMER_STATUSES as readonly string[]).includes(customer.churnStatus ?? '');

/**
 * The daily churn detection (客户流失预警).
 *
 * Primary course: for each watch shard (in parallel), Query the customers whose last order — or creation, for
 * customers that never ordered — is older than the threshold (now minus N months), oldest first, page by page;
 * for each, open a lost-customer record in `warning` and take the customer out of the watch in one transaction.
 * The cost follows the number of customers at risk: the Query reads nothing else.
 *
 * Idempotent: a customer leaves the watch in the transaction that opens its record, and every write is
 * conditional on the watch key read, so a second run (or a concurrent one) opens nothing twice.
 *
 * Alternates: a customer that changed meanwhile is skipped; one that should not be watched (inactive, archived,
 * record already open after a reactivation) is taken out of the watch. A failure for one customer does not stop
 * the others; the run then throws at the end, so the scheduler retries it (the retry only finds what is left).
 */
export const detectChurn = async (deps: ChurnDetectionDependencies): Promise<ChurnRun> => {
  const now = deps.clock.now();
  const asOf = now.toISOString();
  const { thresholdMonths, pageSize } = deps.settings;
  const threshold = monthsBefore(now, thresholdMonths).toISOString();
  const opened: string[] = [];
  const failed: { customerId: string; error: string }[] = [];
  let examined = 0;
  let skipped = 0;
  let leftWatch = 0;
  let queries = 0;

  const visit = async (customer: WatchedCustomer): Promise<void> => {
    examined += 1;
    try {
      if (!belongsInWatch(customer)) {
        if ((await deps.watch.leaveWatch(customer)) === 'left') leftWatch += 1;
        else skipped += 1;
        return;
      }
      const outcome = await deps.watch.openWarning(customer, warningRecordFor(customer, asOf, thresholdMonths));
      if (outcome === 'opened') opened.push(customer.id);
      else skipped += 1;
    } catch (error) {
      failed.push({ customerId: customer.id, error: (error as Error).name || 'Error' });
    }
  };

  // One sequential worker per shard: shards never share an aggregate item, so the workers never conflict.
  await Promise.all(
    Array.from({ length: CHURN_WATCH_SHARDS }, async (_, shard) => {
      let startKey: PageKey | undefined;
      do {
        const page = await deps.watch.atRisk(shard, threshold, { limit: pageSize, ...(startKey ? { startKey } : {}) });
        queries += 1;
        for (const customer of page.items) await visit(customer);
        startKey = page.lastKey;
      } while (startKey);
    }),
  );

  const run: ChurnRun = { asOf, thresholdMonths, threshold, examined, opened, skipped, leftWatch, failed, queries };
  if (failed.length > 0) throw new ChurnDetectionFailed(run);
  return run;
};
