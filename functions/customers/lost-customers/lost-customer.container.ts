import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { customerReadGuard } from '#shared/read-guard/read-guard.container';
import type { LostCustomerDependencies } from './lost-customer.dependencies';
import { DynamoDbLostCustomerRepository } from './lost-customer.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: LostCustomerDependencies | undefined;

export const lostCustomerDependencies = (): LostCustomerDependencies =>
  (dependencies ??= {
    lostCustomers: new DynamoDbLostCustomerRepository(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    readGuard: customerReadGuard(),
  });

export const useLostCustomerDependencies = (replacement: LostCustomerDependencies | undefined): void => {
  dependencies = replacement;
};
