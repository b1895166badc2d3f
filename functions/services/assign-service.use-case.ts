import { DomainError, ErrorCode } from '#shared/core/errors';
import type { AssignServiceInput, Service, ServiceMove } from './service.schema';
import type { ServiceDependencies } from './service.dependencies';
import { movedBy, prepareMove, resolveAssignee, type MoveRequest } from './service.rules';

/**
 * Assign a service request (managers; the route's capability says so): created → assigned.
 * A request that is already assigned may be reassigned to someone else (e.g. after a reopen, when its
 * assignee has left) — recorded as a `reassign` move.
 *
 * Primary course: the assignee is an enabled user whose role may handle requests; one transaction sets the
 * assignee, records the move, updates the customer's summary and moves the status count.
 *
 * Alternates: missing → 404; stale If-Match → 412; handled or archived → InvalidTransition (409);
 * already assigned to that user → 409; unknown, disabled or unfit assignee → InvalidAssignee (400).
 */
export const assignService = async (
  deps: ServiceDependencies,
  request: MoveRequest & { input: AssignServiceInput },
): Promise<Service> => {
  const { caller, input } = request;
  const service = await prepareMove(deps, request, { move: 'assigned', from: ['created', 'assigned'], assigneeOnly: false });
  if (service.assigneeId === input.assigneeId) {
    throw new DomainError(ErrorCode.InvalidTransition, `Service request ${service.id} is already assigned to ${input.assigneeId}.`);
  }
  const assignee = await resolveAssignee(deps.directory, input.assigneeId);
  const at = deps.clock.now().toISOString();
  const next: Service = {
    ...service,
    ...assignee,
    status: 'assigned',
    assignedAt: at,
    assignedBy: caller.username,
    ...movedBy(service, caller, at),
  };
  const move: ServiceMove = {
    move: service.status === 'created' ? 'assign' : 'reassign',
    from: service.status,
    to: 'assigned',
    at,
    by: caller.username,
    version: next.version,
    assigneeId: assignee.assigneeId,
  };
  await deps.services.move(service, next, move);
  return next;
};
