import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit.writes';
import { readGuardKeys } from './read-guard.keys';
import { cancellationReasonsOf, withConflictRetry } from '#shared/db/transactions';
import type { ReadCounterStore } from './customer-read-guard';
import type { ReadTally } from './read-window';

/** Who the audit trail names as the actor of a lock: the guard, not a person. */
export const READ_GUARD_ACTOR = 'system:customer-read-guard';

/**
 * The guard's counters on DynamoDB: one item per user (`READGUARD#<username>`), one attribute per fixed window
 * (`w<index>`). A count is ONE UpdateItem: `ADD` to the current window (atomic, so concurrent reads from any number
 * of containers are counted exactly), `REMOVE` of the two windows before the previous one (no longer weighed), a
 * fresh TTL, and `ReturnValues: ALL_NEW`, which hands back the previous window and the lock marker in the same
 * round trip. Windows skipped by a longer pause leave a stray attribute at most until the item expires.
 */
export class DynamoDbReadCounterStore implements ReadCounterStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(username: string, window: number, amounts: { current: number; previous: number }, expiresAtSeconds: number): Promise<ReadTally> {
    const credited = amounts.previous !== 0;
    const { Attributes: item = {} } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: readGuardKeys.counter(username),
        UpdateExpression: `SET #ttl = :ttl, #entity = :entity ADD #current :amount${credited ? ', #previous :credit' : ''} REMOVE #stale2, #stale3`,
        ExpressionAttributeNames: {
          '#ttl': 'ttl',
          '#entity': 'entity',
          '#current': readGuardKeys.windowAttribute(window),
          ...(credited ? { '#previous': readGuardKeys.windowAttribute(window - 1) } : {}),
          '#stale2': readGuardKeys.windowAttribute(window - 2),
          '#stale3': readGuardKeys.windowAttribute(window - 3),
        },
        ExpressionAttributeValues: {
          ':ttl': expiresAtSeconds,
          ':entity': 'ReadGuard',
          ':amount': amounts.current,
          ...(credited ? { ':credit': amounts.previous } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const count = (attribute: string): number => (typeof item[attribute] === 'number' ? (item[attribute] as number) : 0);
    return {
      window,
      current: count(readGuardKeys.windowAttribute(window)),
      previous: count(readGuardKeys.windowAttribute(window - 1)),
      lockedAt: typeof item['lockedAt'] === 'string' ? item['lockedAt'] : undefined,
    };
  }

  /**
   * One transaction: the lock marker on the counter (conditional, so of two reads tripping at once only one locks
   * and alarms), the user added to the locked-accounts list every function checks, and the audit entry.
   */
  async lock(username: string, at: Date, note: string): Promise<boolean> {
    const iso = at.toISOString();
    try {
      await withConflictRetry(() =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: readGuardKeys.counter(username),
                  UpdateExpression: 'SET lockedAt = :at',
                  ConditionExpression: 'attribute_not_exists(lockedAt)',
                  ExpressionAttributeValues: { ':at': iso },
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: readGuardKeys.lockedAccounts(),
                  UpdateExpression: 'SET updatedAt = :at, #entity = :entity ADD usernames :user',
                  ExpressionAttributeNames: { '#entity': 'entity' },
                  ExpressionAttributeValues: { ':at': iso, ':entity': 'AccountLocks', ':user': new Set([username]) },
                },
              },
              auditPut(this.tableName, {
                at: iso,
                actor: READ_GUARD_ACTOR,
                action: 'lock',
                entityType: 'user',
                entityId: username,
                changes: [{ field: 'locked', old: false, new: true }],
                note,
              }),
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      if (cancellationReasonsOf(error)?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}
