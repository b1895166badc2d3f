import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit.writes';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { part, refusedParts, withConflictRetry } from '#shared/db/transactions';
import { lockedAccountsEntity } from './locked-accounts.entity';
import { readCounterEntity } from './read-counter.entity';
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
    const { Attributes: item = {} } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: readCounterEntity.keyOf(username),
        ...buildUpdateExpression(readCounterEntity.countPlan(window, amounts, expiresAtSeconds)),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return readCounterEntity.tallyOf(item, window);
  }

  /**
   * One transaction: the lock marker on the counter (conditional, so of two reads tripping at once only one locks
   * and alarms), the user added to the locked-accounts list every function checks, and the audit entry.
   */
  async lock(username: string, at: Date, note: string): Promise<boolean> {
    const iso = at.toISOString();
    const sent = [
      part(
        'counter',
        conditionalUpdate(this.tableName, readCounterEntity.keyOf(username), buildUpdateExpression(readCounterEntity.lockPlan(iso)), {
          ConditionExpression: 'attribute_not_exists(#lockedAt)',
          names: { '#lockedAt': 'lockedAt' },
        }),
      ),
      part('list', plainUpdate(this.tableName, lockedAccountsEntity.key(), lockedAccountsEntity.addPlan(username, iso))),
      part(
        'audit',
        auditPut(this.tableName, {
          at: iso,
          actor: READ_GUARD_ACTOR,
          action: 'lock',
          entityType: 'user',
          entityId: username,
          changes: [{ field: 'locked', old: false, new: true }],
          note,
        }),
      ),
    ];
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
      return true;
    } catch (error) {
      // Another read locked the account first: it alarmed and audited, this one does neither.
      if (refusedParts(error, sent)?.has('counter')) return false;
      throw error;
    }
  }
}
