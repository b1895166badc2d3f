import { describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { ExportQuota, type ExportQuotaStore, type ExportTally } from '#shared/read-guard/export-quota';

/** The counters in memory: per user and window, exports and rows. */
const memoryStore = (): ExportQuotaStore & { counts: Map<string, { exports: number; rows: number }> } => {
  const counts = new Map<string, { exports: number; rows: number }>();
  const of = (key: string) => counts.get(key) ?? { exports: 0, rows: 0 };
  return {
    counts,
    add: async (username, window, amounts): Promise<ExportTally> => {
      const key = `${username}#${window}`;
      counts.set(key, { exports: of(key).exports + amounts.exports, rows: of(key).rows + amounts.rows });
      const previous = of(`${username}#${window - 1}`);
      return { window, exports: { current: of(key).exports, previous: previous.exports }, rows: { current: of(key).rows, previous: previous.rows } };
    },
  };
};

const HOUR = 3_600_000;
const at = (ms: number) => ({ now: () => new Date(ms) });

describe('the export quota (sliding window per user)', () => {
  it('allows the limit of exports, refuses the next with 429 and Retry-After, and does not count the refusal', async () => {
    // Prepare
    const store = memoryStore();
    const quota = new ExportQuota({ store, clock: at(10 * HOUR), policy: { exports: 2, rows: 100, windowMs: 24 * HOUR } });
    await quota.claimExport('sales');
    await quota.claimExport('sales');

    // Act
    const refused = quota.claimExport('sales');

    // Assess
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.ExportQuotaExceeded, details: { retryAfterSeconds: 14 * 3600 } });
    expect(store.counts.get('sales#0')).toEqual({ exports: 2, rows: 0 });
    await expect(quota.claimExport('exec')).resolves.toBeUndefined();
  });

  it('counts rows, says no once they cross the limit, and then refuses a new start', async () => {
    // Prepare
    const quota = new ExportQuota({ store: memoryStore(), clock: at(HOUR), policy: { exports: 10, rows: 100, windowMs: 24 * HOUR } });

    // Act
    const first = await quota.countRows('sales', 100);
    const second = await quota.countRows('sales', 1);

    // Assess
    expect([first, second]).toEqual([true, false]);
    await expect(quota.claimExport('sales')).rejects.toMatchObject({ message: expect.stringContaining('at most 100 rows') });
  });
});
