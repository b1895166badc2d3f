import type { Clock } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { estimatedReads, windowOf } from './read-window';

/**
 * The exfiltration guard's export quota (docs/import-export.md, "Export quota"): exports are the bulk way out, so
 * besides being audited each one is counted per user in a rolling window, with the same sliding window counter as
 * the customer read guard (read-window.ts) — two quotas, both per user and window:
 *
 * - exports started: `POST /v1/exports` beyond it → 429 `export-quota-exceeded` with Retry-After, nothing started;
 * - rows exported: counted by the job as it writes (whatever the entity); a start when the rows are already spent is
 *   refused the same way, and an export that crosses the limit while it runs stops and fails (no file is completed).
 *
 * It refuses, it does not lock: exports are for managers, who read everything anyway; the quota bounds what one
 * account can carry out in a day (a stolen manager's session included), and every refusal is logged.
 */
export interface ExportQuotaPolicy {
  /** Exports one user may start in the rolling window. */
  readonly exports: number;
  /** Rows one user may export in the rolling window. */
  readonly rows: number;
  readonly windowMs: number;
}

/** Both counts of the current and the previous window, after this request's amounts were added. */
export interface ExportTally {
  readonly window: number;
  readonly exports: { readonly current: number; readonly previous: number };
  readonly rows: { readonly current: number; readonly previous: number };
}

export interface ExportQuotaStore {
  /** Adds the amounts to `window` atomically (negative: a credit) and answers both windows' counts. */
  add(username: string, window: number, amounts: { exports: number; rows: number }, expiresAtSeconds: number): Promise<ExportTally>;
}

export interface ExportQuotaGuard {
  /** Counts one export start; throws ExportQuotaExceeded (429) when exports or rows are spent (the start is credited back). */
  claimExport(username: string): Promise<void>;
  /** Counts rows written by a running export; `false` once they take the user over the row quota. */
  countRows(username: string, rows: number): Promise<boolean>;
}

export const exportQuotaExceeded = (what: string, retryAfterSeconds: number): DomainError =>
  new DomainError(ErrorCode.ExportQuotaExceeded, `The export quota is spent: ${what}. Try again later.`, { retryAfterSeconds });

export class ExportQuota implements ExportQuotaGuard {
  constructor(private readonly ports: { readonly store: ExportQuotaStore; readonly clock: Clock; readonly policy: ExportQuotaPolicy }) {}

  private async add(username: string, amounts: { exports: number; rows: number }): Promise<{ tally: ExportTally; atMs: number }> {
    const { clock, policy, store } = this.ports;
    const atMs = clock.now().getTime();
    const window = windowOf(atMs, policy.windowMs);
    const expiresAtSeconds = Math.ceil(((window + 2) * policy.windowMs) / 1000) + 60;
    return { tally: await store.add(username, window, amounts, expiresAtSeconds), atMs };
  }

  async claimExport(username: string): Promise<void> {
    const { policy } = this.ports;
    const { tally, atMs } = await this.add(username, { exports: 1, rows: 0 });
    const exports = estimatedReads(tally.exports, atMs, policy.windowMs);
    const rows = estimatedReads(tally.rows, atMs, policy.windowMs);
    if (exports <= policy.exports && rows < policy.rows) return;
    // A refused start does not count (a client retrying in a loop must not push its own wait further out).
    await this.add(username, { exports: -1, rows: 0 });
    const retryAfterSeconds = Math.max(1, Math.ceil((policy.windowMs - (atMs % policy.windowMs)) / 1000));
    const hours = Math.round(policy.windowMs / 3_600_000);
    throw exportQuotaExceeded(
      exports > policy.exports ? `at most ${policy.exports} exports in ${hours} h` : `at most ${policy.rows} rows exported in ${hours} h`,
      retryAfterSeconds,
    );
  }

  async countRows(username: string, rows: number): Promise<boolean> {
    if (rows <= 0) return true;
    const { policy } = this.ports;
    const { tally, atMs } = await this.add(username, { exports: 0, rows });
    return estimatedReads(tally.rows, atMs, policy.windowMs) <= policy.rows;
  }
}
