import type { ServiceWithHistory } from './service.schema';
import type { Caller, ServiceDependencies } from './service.dependencies';
import { isVisibleTo, serviceNotFound } from './service.rules';

/**
 * Read one service request with its full history of moves (oldest first).
 *
 * Primary course: one Query over the request's item collection returns the request and every move; the request
 * is returned when the caller may see it (service.rules.ts `isVisibleTo`).
 *
 * Alternates: missing, or not visible to an account manager → ServiceNotFound (404), whichever it was.
 */
export const getService = async (
  deps: ServiceDependencies,
  request: { caller: Caller; serviceId: string },
): Promise<ServiceWithHistory> => {
  const found = await deps.services.get(request.serviceId);
  if (!found || !(await isVisibleTo(deps, request.caller, found.service))) throw serviceNotFound(request.serviceId);
  return { ...found.service, history: found.history };
};
