import { lockedAccounts } from '#shared/auth/account-lock';
import { cognitoAccountDisabler } from '#shared/auth/cognito-account-disabler';
import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { logger } from '#shared/core/logger';
import { documentClient } from '#shared/db/client';
import { READ_GUARD_ALARM, ReadGuard, type CustomerReadGuard, type ReadGuardPorts } from './customer-read-guard';
import { DynamoDbReadCounterStore } from './read-counter.repository';
import type { ReadGuardPolicy } from './read-window';

export const readGuardPolicyFromConfig = (): ReadGuardPolicy => {
  const config = loadConfig();
  return { limit: config.CUSTOMER_READ_LIMIT, windowMs: config.CUSTOMER_READ_WINDOW_SECONDS * 1000 };
};

/**
 * The alarm line: level ERROR, a stable `alarm` key the CloudWatch metric filter matches
 * (lib/constructs/read-guard-alarm.ts). The username is operational data the responder needs; no customer data,
 * no token.
 */
const logAlarm: ReadGuardPorts['alarm'] = (details) => {
  logger.error('customer read guard tripped: account locked', { alarm: READ_GUARD_ALARM, ...details });
};

/** The production guard, with any port replaced (tests: a low limit; the bench: a no-op store). */
export const createCustomerReadGuard = (overrides: Partial<ReadGuardPorts> = {}): CustomerReadGuard =>
  new ReadGuard({
    store: new DynamoDbReadCounterStore(documentClient(), loadConfig().TABLE_NAME),
    disabler: cognitoAccountDisabler(),
    clock: systemClock,
    policy: readGuardPolicyFromConfig(),
    onLocked: (username) => lockedAccounts().markLocked(username),
    alarm: logAlarm,
    ...overrides,
  });

let guard: CustomerReadGuard | undefined;

/** One guard per container: its credits (see ReadGuard) live as long as the container. */
export const customerReadGuard = (): CustomerReadGuard => (guard ??= createCustomerReadGuard());

export const useCustomerReadGuard = (replacement: CustomerReadGuard | undefined): void => {
  guard = replacement;
};
