import { PERMISSIONS, type Scope } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, ServiceDependencies } from './service.dependencies';
import type { Service, ServiceMove, ServiceStatus } from './service.schema';

/** Rules shared by several service use cases. */

export const serviceNotFound = (serviceId: string): DomainError =>
  new DomainError(ErrorCode.ServiceNotFound, `Service request ${serviceId} does not exist.`);

/** Does the caller own the customer, as it is now (a transfer moves its requests with it)? */
export const ownsCustomer = async (deps: ServiceDependencies, caller: Caller, customerId: string): Promise<boolean> => {
  const customer = await deps.services.customer(customerId);
  return customer !== undefined && !customer.archived && customer.ownerId === caller.username;
};

/**
 * THE visibility rule (scope `own` = account managers): a request is theirs to see when it is assigned to them or
 * its customer is one they own now. Everything else answers 404, exactly like a request that does not exist.
 * The customer is only read when the assignment alone does not decide.
 */
export const isVisibleTo = async (deps: ServiceDependencies, caller: Caller, service: Service): Promise<boolean> =>
  caller.scope === 'all' || service.assigneeId === caller.username || (await ownsCustomer(deps, caller, service.customerId));

/** Roles a request may be assigned to: those that may handle requests (derived from the permission table). */
export const rolesThatMayHandleServices = (): Role[] =>
  (Object.entries(PERMISSIONS['services:handle']) as [Role, Scope][])
    .filter(([, scope]) => scope !== 'none')
    .map(([role]) => role);

/** An assignee must be an enabled staff member whose role may handle requests. */
export const resolveAssignee = async (
  directory: UserDirectory,
  username: string,
): Promise<{ assigneeId: string; assigneeName: string }> => {
  const user = await directory.findUser(username);
  const mayHandle = rolesThatMayHandleServices();
  if (!user || !user.enabled || !user.roles.some((role) => mayHandle.includes(role))) {
    throw new DomainError(ErrorCode.InvalidAssignee, 'The assignee must be an enabled staff member who may handle service requests.', {
      errors: [{ path: 'body.assigneeId', message: `No enabled user ${username} with a role that may handle service requests.` }],
    });
  }
  return { assigneeId: user.username, assigneeName: user.name };
};

export interface MoveRequest {
  readonly caller: Caller;
  readonly serviceId: string;
  readonly expectedVersion: number;
}

/**
 * Loads the request a move applies to and refuses the move, in this order (the first that applies wins):
 * not there or not visible to the caller → 404; `If-Match` stale → 412; not in a state the move starts from →
 * 409 (InvalidTransition); an account manager acting on a request assigned to someone else → 403.
 * The write that follows is conditional on the version read here, so a concurrent move makes it 412.
 */
export const prepareMove = async (
  deps: ServiceDependencies,
  request: MoveRequest,
  rule: { readonly move: string; readonly from: readonly ServiceStatus[]; readonly assigneeOnly: boolean },
): Promise<Service> => {
  const { caller, serviceId } = request;
  const found = await deps.services.get(serviceId);
  if (!found || !(await isVisibleTo(deps, caller, found.service))) throw serviceNotFound(serviceId);
  const { service } = found;
  if (service.version !== request.expectedVersion) {
    throw new DomainError(
      ErrorCode.VersionConflict,
      `Service request ${serviceId} has changed since you read it (now version ${service.version}); read it again.`,
    );
  }
  if (!rule.from.includes(service.status)) {
    throw new DomainError(
      ErrorCode.InvalidTransition,
      `A request that is ${service.status} cannot be ${rule.move}; only one that is ${rule.from.join(' or ')}.`,
    );
  }
  if (rule.assigneeOnly && caller.scope === 'own' && service.assigneeId !== caller.username) {
    throw new DomainError(ErrorCode.Forbidden, `Service request ${serviceId} is assigned to someone else; only its assignee or a manager may act on it.`);
  }
  return service;
};

/** The fields every move changes on the request. */
export const movedBy = (service: Service, caller: Pick<Caller, 'username'>, at: string) => ({
  version: service.version + 1,
  updatedAt: at,
  updatedBy: caller.username,
});

/** `statusCreated`, `statusAssigned` … : the aggregate attribute counting requests in a status. */
export const statusCountAttribute = (status: ServiceStatus): string => `status${status[0]!.toUpperCase()}${status.slice(1)}`;

/**
 * What a move adds to the service-analysis aggregate of its request's (creation month, type): exact integer
 * deltas, applied with ADD in the move's transaction (docs/data-model.md lists the attributes).
 */
export const aggregateDeltaOf = (move: ServiceMove): Record<string, number> => {
  const delta: Record<string, number> = {};
  const add = (attribute: string, by: number): void => {
    delta[attribute] = (delta[attribute] ?? 0) + by;
  };
  if (move.move === 'create') add('count', 1);
  if (move.from !== move.to) {
    if (move.from) add(statusCountAttribute(move.from), -1);
    add(statusCountAttribute(move.to), 1);
  }
  if (move.satisfaction !== undefined) {
    add('satisfactionSum', move.satisfaction);
    add('satisfactionCount', 1);
    add(`satisfaction${move.satisfaction}`, 1);
  }
  if (move.move === 'feedback' && move.to === 'assigned') add('reopened', 1);
  return delta;
};
