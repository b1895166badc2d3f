import { activityIdGenerator } from '#functions/activities/activity-id';
import type { ActivityDependencies } from '#functions/activities/activity.dependencies';
import type { ContactDependencies } from '#functions/contacts/contact.dependencies';
import { seededRandom, ulidGenerator, type Clock } from '#shared/core/clock';
import { PINNED_NOW } from './customer-test-kit';
import { recordingReadGuard } from './fake-read-guard';
import { DEMO_DIRECTORY, fakeUserDirectory } from './fake-user-directory';
import { InMemoryCustomerRecords } from './in-memory-customer-records';

export { callers, PINNED_NOW } from './customer-test-kit';

/** Contacts, activities and overview dependencies over one in-memory store, with pinned time and seeded ids. */
export const customerRecordsTestKit = (seed = 42) => {
  const store = new InMemoryCustomerRecords();
  let now = PINNED_NOW;
  const clock: Clock = { now: () => now };
  const contactDeps: ContactDependencies = { contacts: store.contactRepository, clock, ids: ulidGenerator(seededRandom(seed)) };
  const activityDeps: ActivityDependencies = {
    activities: store.activityRepository,
    clock,
    ids: activityIdGenerator(seededRandom(seed + 1)),
    directory: fakeUserDirectory(DEMO_DIRECTORY),
  };
  // The overview counts one customer-record read; this guard allows and records it (`overviewReads`).
  const overviewReads = recordingReadGuard();
  const overviewDeps = { overview: store.overviewReader, readGuard: overviewReads.guard };
  return {
    store,
    contactDeps,
    activityDeps,
    overviewDeps,
    overviewReads: overviewReads.settled,
    /** Moves the pinned clock. */
    setNow: (at: Date) => {
      now = at;
    },
  };
};

/** `n` hours before the pinned now, as an ISO instant. */
export const hoursAgo = (n: number): string => new Date(PINNED_NOW.getTime() - n * 3600_000).toISOString();
/** `n` hours after the pinned now. */
export const hoursAhead = (n: number): string => new Date(PINNED_NOW.getTime() + n * 3600_000).toISOString();
