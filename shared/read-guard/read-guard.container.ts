import { lockedAccounts } from '#shared/auth/account-lock';
import { cognitoAccountDisabler } from '#shared/auth/cognito-account-disabler';
import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { logger } from '#shared/core/logger';
import { documentClient } from '#shared/db/client';
import { READ_GUARD_ALARM, ReadGuard, type CustomerReadGuard, type ReadGuardPorts } from './customer-read-guard';
import { DynamoDbReadCounterStore } from './read-counter.repository';
import type { ReadGuardPolicy } from './read-window';

/** The most a count reserves ahead: a page of the guarded lists is ≤ 100, most reads are 1. */
const MAX_RESERVE = 32;

/**
 * The production policy. The reservation is a twentieth of the limit (25 at the default 500), at most MAX_RESERVE:
 * small against the limit (the early-lock bound per other warm container), large enough that ~1 read in 25 sends
 * the counter's UpdateItem. `reserveFor` recomputes it when a test changes the limit.
 */
export const reserveFor = (limit: number): number => Math.min(MAX_RESERVE, Math.floor(limit / 20));

export const readGuardPolicyFromConfig = (): ReadGuardPolicy => {
  const config = loadConfig();
  const limit = config.CUSTOMER_READ_LIMIT;
  return { limit, windowMs: config.CUSTOMER_READ_WINDOW_SECONDS * 1000, reserve: reserveFor(limit) };
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
