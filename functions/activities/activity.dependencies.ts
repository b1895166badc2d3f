import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock } from '#shared/core/clock';
import type { ActivityIdGenerator } from './activity-id';
import type { ActivityRepository } from './activity.ports';

/** What the activities use cases depend on; `activity.container.ts` wires the real ones, tests the fakes. */
export interface ActivityDependencies {
  readonly activities: ActivityRepository;
  readonly clock: Clock;
  readonly ids: ActivityIdGenerator;
  /** Checks participant staff (enabled users with a CRM role). */
  readonly directory: UserDirectory;
}

export type { Caller } from '#shared/auth/caller';
