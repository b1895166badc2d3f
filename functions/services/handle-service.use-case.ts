import type { HandleServiceInput, Service, ServiceMove } from './service.schema';
import type { ServiceDependencies } from './service.dependencies';
import { movedBy, prepareMove, type MoveRequest } from './service.rules';

/**
 * Record how a service request was handled: assigned → handled. Its assignee, or a manager.
 *
 * Primary course: one transaction records the handling (text, by, at), the move, the customer's summary and the
 * status counts, conditional on the version read.
 *
 * Alternates: missing or not visible → 404; stale If-Match → 412; not `assigned` → InvalidTransition (409);
 * an account manager who is not the assignee → 403.
 */
export const handleService = async (
  deps: ServiceDependencies,
  request: MoveRequest & { input: HandleServiceInput },
): Promise<Service> => {
  const { caller, input } = request;
  const service = await prepareMove(deps, request, { move: 'handled', from: ['assigned'], assigneeOnly: true });
  const at = deps.clock.now().toISOString();
  const next: Service = {
    ...service,
    status: 'handled',
    handling: input.handling,
    handledAt: at,
    handledBy: caller.username,
    ...movedBy(service, caller, at),
  };
  const move: ServiceMove = {
    move: 'handle',
    from: 'assigned',
    to: 'handled',
    at,
    by: caller.username,
    version: next.version,
    handling: input.handling,
  };
  await deps.services.move(service, next, move);
  return next;
};
