import { seededRandom, ulidGenerator } from '#shared/core/clock';
import type { TaskDependencies } from '#functions/workbench/tasks/task.dependencies';
import { DEMO_DIRECTORY, fakeUserDirectory } from './fake-user-directory';
import { InMemoryTaskRepository } from './in-memory-task.repository';
import { steppingClock } from './service-test-kit';

/** Task use-case dependencies with pinned time, seeded ids, the demo directory and two customers (am1's, am2's). */
export const taskTestKit = (seed = 11) => {
  const tasks = new InMemoryTaskRepository();
  const time = steppingClock('2026-12-07T08:00:00.000Z');
  const ids = ulidGenerator(seededRandom(seed));
  const deps: TaskDependencies = { tasks, directory: fakeUserDirectory(DEMO_DIRECTORY), clock: time.clock, ids };
  const ofAm1 = { id: ids.next(), name: '北京石油', ownerId: 'am1', archived: false };
  const ofAm2 = { id: ids.next(), name: 'Acme', ownerId: 'am2', archived: false };
  tasks.addCustomer(ofAm1);
  tasks.addCustomer(ofAm2);
  return { deps, tasks, time, customers: { ofAm1, ofAm2 } };
};
