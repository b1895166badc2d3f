import { unlockAccount } from '#shared/auth/account-unlock';
import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { CognitoUserAccounts } from './cognito-user-accounts';
import type { AccountLocks, UserDependencies } from './user.model';
import { DynamoDbUserRecords } from './user-records.repository';

/** The exfiltration guard's locks (issue 8): re-enabling an account lifts its lock and resets its read counters. */
const guardLocks: AccountLocks = {
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
    locks: guardLocks,
    clock: systemClock,
  });

export const useUserDependencies = (replacement: UserDependencies | undefined): void => {
  dependencies = replacement;
};
