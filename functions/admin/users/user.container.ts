import { lockAccount, unlockAccount } from '#shared/auth/account-lock-admin';
import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { CognitoUserAccounts } from './cognito-user-accounts';
import type { AccountLocks, UserDependencies } from './user.ports';
import { DynamoDbUserRecords } from './user-records.repository';

/**
 * The API's account locks (issue 8): disabling an account locks it (its live tokens are refused); re-enabling lifts
 * the lock, the exfiltration guard's included, and resets the read counters.
 */
const apiLocks: AccountLocks = {
  lock: async (username, actor) => {
    await lockAccount({ username, by: actor });
  },
  unlock: async (username, actor) => {
    await unlockAccount({ username, by: actor });
  },
};

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: UserDependencies | undefined;

export const userDependencies = (): UserDependencies =>
  (dependencies ??= {
    accounts: new CognitoUserAccounts(loadConfig().USER_POOL_ID),
    records: new DynamoDbUserRecords(documentClient(), loadConfig().TABLE_NAME),
    locks: apiLocks,
    clock: systemClock,
  });

export const useUserDependencies = (replacement: UserDependencies | undefined): void => {
  dependencies = replacement;
};
