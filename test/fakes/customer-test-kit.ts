import { seededRandom, ulidGenerator, type Clock } from '#shared/core/clock';
import type { Caller } from '#shared/auth/caller';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import { recordingReadGuard } from './fake-read-guard';
import { DEMO_DIRECTORY, fakeUserDirectory } from './fake-user-directory';
import { inMemoryDuplicateFinder, InMemoryCustomerRepository } from './in-memory-customer.repository';

export const PINNED_NOW = new Date('2026-11-22T08:00:00.000Z');

/** Use-case dependencies with pinned time, seeded ids and in-memory storage. */
export const customerTestKit = (seed = 42) => {
  const customers = new InMemoryCustomerRepository();
  const clock: Clock = { now: () => PINNED_NOW };
  // Allows every read and records it (the guard's own rule is tested in test/unit/shared/read-guard.test.ts).
  const reads = recordingReadGuard();
  const deps: CustomerDependencies = {
    customers,
    duplicates: inMemoryDuplicateFinder(customers),
    directory: fakeUserDirectory(DEMO_DIRECTORY),
    clock,
    ids: ulidGenerator(seededRandom(seed)),
    readGuard: reads.guard,
  };
  return { deps, customers, readsSettled: reads.settled };
};

export const callers = {
  admin: { username: 'admin', scope: 'all' },
  sales: { username: 'sales', scope: 'all' },
  am1: { username: 'am1', scope: 'own' },
  am2: { username: 'am2', scope: 'own' },
} as const satisfies Record<string, Caller>;
