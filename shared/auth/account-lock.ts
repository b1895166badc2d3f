import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { lockedAccountsEntity } from '#shared/read-guard/locked-accounts.entity';

/**
 * Account locks of the data-exfiltration guard (issue 8; the counting is in shared/read-guard/).
 *
 * Why the API checks a lock at all: when the guard trips, the user is disabled in Cognito and signed out globally,
 * but the access and ID tokens already issued stay valid until they expire (up to an hour) and API Gateway's JWT
 * authorizer only checks the signature and expiry. So `authorize` (shared/http/middleware.ts) refuses a locked user
 * on EVERY route with 403 AccountLocked.
 *
 * Cost on the hot path: the locked usernames are one small item (`ACCOUNT_LOCKS`), read by each container at most
 * once every ACCOUNT_LOCK_CACHE_SECONDS (default 10) — one eventually consistent GetItem per container per period,
 * on the request that finds its copy too old; every other request checks an in-memory Set. Staleness bound: a lock
 * (or unlock) made by another container reaches this one within ACCOUNT_LOCK_CACHE_SECONDS (+ DynamoDB's eventual
 * consistency, typically < 1 s). Customer reads do not wait even that long: the guard's own counter update returns
 * the lock marker on every container at once. The container that locks or unlocks updates its own copy
 * immediately (locally and in tests every function shares one process, hence one copy).
 */
export interface LockedAccounts {
  isLocked(username: string): Promise<boolean>;
  /** This container locked the user: refuse them here from now on. */
  markLocked(username: string): void;
  /** This container unlocked the user: let them in here from now on. */
  markUnlocked(username: string): void;
}

export type LockListLoader = () => Promise<ReadonlySet<string>>;

/** Reads the locked-accounts list; an absent item (or an empty set, which DynamoDB removes) is an empty list. */
export const dynamoDbLockListLoader =
  (client: DynamoDBDocumentClient, tableName: string): LockListLoader =>
  async () => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: lockedAccountsEntity.key(), ProjectionExpression: lockedAccountsEntity.usernamesAttribute }),
    );
    return lockedAccountsEntity.usernamesOf(Item);
  };

/**
 * A per-container copy of the list, refreshed lazily when older than `maxAgeMs`. Concurrent requests share one
 * refresh. This container's own marks win over any list loaded by a refresh that started before them (it may
 * predate the change); a refresh started after a mark already includes it, so the mark is dropped then.
 * A failed refresh keeps the previous list (a DynamoDB hiccup must not lock everyone out) and retries on the next
 * request; with no list at all yet, the error propagates (fail closed).
 */
export class CachedLockedAccounts implements LockedAccounts {
  private list: { usernames: ReadonlySet<string>; loadedAt: number; startedAt: number } | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly marks = new Map<string, { locked: boolean; atMs: number }>();

  constructor(
    private readonly load: LockListLoader,
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async isLocked(username: string): Promise<boolean> {
    if (!this.list || this.now() - this.list.loadedAt >= this.maxAgeMs) await this.refresh();
    const mark = this.marks.get(username);
    if (mark) return mark.locked;
    return this.list?.usernames.has(username) ?? false;
  }

  markLocked(username: string): void {
    this.marks.set(username, { locked: true, atMs: this.now() });
  }

  markUnlocked(username: string): void {
    this.marks.set(username, { locked: false, atMs: this.now() });
  }

  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      const startedAt = this.now();
      try {
        const usernames = await this.load();
        this.list = { usernames, loadedAt: this.now(), startedAt };
        for (const [username, mark] of this.marks) if (mark.atMs < startedAt) this.marks.delete(username);
      } catch (error) {
        if (!this.list) throw error;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

let locked: LockedAccounts | undefined;

/** This container's locked-accounts list (module scope: one per container, shared by every route). */
export const lockedAccounts = (): LockedAccounts => {
  if (!locked) {
    const config = loadConfig();
    locked = new CachedLockedAccounts(
      dynamoDbLockListLoader(documentClient(), config.TABLE_NAME),
      config.ACCOUNT_LOCK_CACHE_SECONDS * 1000,
    );
  }
  return locked;
};

/** Tests replace the list (e.g. with a fake that says "nobody is locked" without DynamoDB). */
export const useLockedAccounts = (replacement: LockedAccounts | undefined): void => {
  locked = replacement;
};
