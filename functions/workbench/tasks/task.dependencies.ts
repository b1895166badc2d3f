import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { TaskRepository } from './task.ports';

/** What the task use cases depend on; `task.container.ts` wires the real ones, tests the fakes. */
export interface TaskDependencies {
  readonly tasks: TaskRepository;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
