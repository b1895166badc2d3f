/**
 * Keys of the data-exfiltration guard (docs/data-model.md, "Customer read guard and account locks").
 * No index is used: every access is by primary key.
 */
export const readGuardKeys = {
  /** One item per user: the per-window read counters and, once tripped, the lock marker. TTL expires idle ones. */
  counter: (username: string) => ({ pk: `READGUARD#${username}`, sk: 'READGUARD' }),
  /** The counter attribute of one fixed window: `w<window index>`. */
  windowAttribute: (window: number) => `w${window}`,
  /**
   * The one list of locked accounts, a string set `usernames`: every function reads it (at most once per container
   * every ACCOUNT_LOCK_CACHE_SECONDS) to refuse a locked user on any route. Small: a username is ≤ 128 bytes, so
   * even thousands of locked accounts stay far below 400 KB; written only on lock and unlock.
   */
  lockedAccounts: () => ({ pk: 'ACCOUNT_LOCKS', sk: 'ACCOUNT_LOCKS' }),
  /** The export quota's counters of one user (shared/read-guard/export-quota.ts), beside the read counter. */
  exportCounter: (username: string) => ({ pk: `READGUARD#${username}`, sk: 'EXPORTS' }),
  /** Exports started and rows exported in one fixed window: `e<window index>`, `r<window index>`. */
  exportsAttribute: (window: number) => `e${window}`,
  rowsAttribute: (window: number) => `r${window}`,
} as const;
