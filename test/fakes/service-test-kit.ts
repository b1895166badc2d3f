import { seededRandom, ulidGenerator, type Clock } from '#shared/core/clock';
import type { ServiceDependencies } from '#functions/services/service.dependencies';
import { DEMO_DIRECTORY, fakeUserDirectory } from './fake-user-directory';
import { InMemoryServiceRepository } from './in-memory-service.repository';

/** A clock the test moves forward by hand. */
export const steppingClock = (start: string) => {
  let now = new Date(start);
  const clock: Clock = { now: () => new Date(now.getTime()) };
  return { clock, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
};

/** Service use-case dependencies with pinned time, seeded ids, the demo directory and two customers (am1's, am2's). */
export const serviceTestKit = (seed = 7) => {
  const services = new InMemoryServiceRepository();
  const time = steppingClock('2026-11-22T08:00:00.000Z');
  const ids = ulidGenerator(seededRandom(seed));
  const deps: ServiceDependencies = { services, directory: fakeUserDirectory(DEMO_DIRECTORY), clock: time.clock, ids };
  const ofAm1 = { id: ids.next(), name: '北京石油', ownerId: 'am1', archived: false };
  const ofAm2 = { id: ids.next(), name: 'Acme', ownerId: 'am2', archived: false };
  services.addCustomer(ofAm1);
  services.addCustomer(ofAm2);
  return { deps, services, time, customers: { ofAm1, ofAm2 } };
};
