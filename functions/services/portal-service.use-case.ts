import { DomainError, ErrorCode } from '#shared/core/errors';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { Reminder } from '#shared/reminders/reminder';
import { feedbackOutcome } from './record-service-feedback.use-case';
import type { CreateServiceOutcome, Page, PageKey } from './service.ports';
import type { ServiceDependencies } from './service.dependencies';
import { serviceNotFound } from './service.rules';
import type { Service, ServiceFeedbackInput, ServiceMove, ServiceWithHistory } from './service.schema';

/**
 * The services feature's PUBLIC entry for the customer portal (functions/portal/): the customer's side of the same
 * workflow, with the same repository, history, aggregates and feedback rule as the staff routes. The portal passes
 * the customer of its session record (never one from a token or a body) and its actor name; every request of another
 * customer answers ServiceNotFound (404), exactly like one that does not exist.
 */

/** Who acts in the portal: the portal user's actor name (audit, history) and their customer. */
export interface PortalServiceActor {
  readonly actor: string;
  readonly customerId: string;
}

export interface PortalServiceInput {
  readonly type: string;
  readonly title: string;
  readonly request: string;
}

/** The customer's owner hears of a portal request a minute after it is written (the reminder job delivers it). */
const ownerReminderOf = (service: Service, ownerId: string): Reminder => ({
  remindAt: new Date(Date.parse(service.createdAt) + 60_000).toISOString(),
  kind: 'service',
  sourceId: service.id,
  recipientId: ownerId,
  title: `Portal request from ${service.customerName}: ${service.title}`,
  dueAt: service.createdAt,
  customerId: service.customerId,
  customerName: service.customerName,
  path: `/v1/services/${service.id}`,
});

/**
 * A customer submits a service request in the portal.
 *
 * Primary course:
 * 1. The customer (the session's) exists and is not archived.
 * 2. The request starts `created`, unassigned, `channel: portal`, created by the portal actor — the normal workflow
 *    (assign → handle → feedback) takes it from there.
 * 3. One transaction writes the request, its first history entry, its summary, the aggregates, the idempotency record,
 *    and the reminder that tells the customer's owner (delivered to their inbox and mail by the reminder job).
 *
 * Alternates: the customer archived or gone → CustomerNotFound (404); the same Idempotency-Key replays the first answer.
 */
export const submitPortalService = async (
  deps: ServiceDependencies,
  request: PortalServiceActor & { input: PortalServiceInput; idempotency?: IdempotencyRequest },
): Promise<CreateServiceOutcome> => {
  const customer = await deps.services.customer(request.customerId);
  if (!customer || customer.archived) {
    throw new DomainError(ErrorCode.CustomerNotFound, 'Your company is no longer served through the portal.');
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const service: Service = {
    id: deps.ids.next(),
    type: request.input.type,
    title: request.input.title,
    customerId: customer.id,
    customerName: customer.name,
    request: request.input.request,
    channel: 'portal',
    status: 'created',
    reopenCount: 0,
    version: 1,
    createdAt: at,
    createdBy: request.actor,
    updatedAt: at,
    updatedBy: request.actor,
  };
  const move: ServiceMove = { move: 'create', to: 'created', at, by: request.actor, version: 1 };
  return deps.services.create(service, move, { customerId: customer.id }, claimOf(request.idempotency, now), ownerReminderOf(service, customer.ownerId));
};

/**
 * The customer's requests, newest first, one page per call.
 *
 * Primary course: one Query of the customer's partition of the requests' customer index.
 */
export const listPortalServices = async (
  deps: ServiceDependencies,
  request: { customerId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Service>> => deps.services.list({ customerId: request.customerId }, request.page);

/**
 * One of the customer's requests with its whole history (the portal shows the public part of it).
 *
 * Primary course: one Query of the request's item collection; the request is the customer's.
 * Alternates: missing or another customer's → ServiceNotFound (404).
 */
export const getPortalService = async (
  deps: ServiceDependencies,
  request: { customerId: string; serviceId: string },
): Promise<ServiceWithHistory> => {
  const found = await deps.services.get(request.serviceId);
  if (!found || found.service.customerId !== request.customerId) throw serviceNotFound(request.serviceId);
  return { ...found.service, history: found.history };
};

/**
 * The customer gives feedback and satisfaction on a handled request: the staff feedback's rule (feedbackOutcome) —
 * 3–5 archives it, 1–2 sends it back to its assignee.
 *
 * Primary course: the request is the customer's, at the version read (If-Match) and `handled`; one transaction
 * records the feedback, the move, the summary, the aggregates and the audit entry (the portal actor).
 *
 * Alternates: missing or another customer's → 404; stale If-Match → 412; not `handled` → InvalidTransition (409).
 */
export const recordPortalServiceFeedback = async (
  deps: ServiceDependencies,
  request: PortalServiceActor & { serviceId: string; expectedVersion: number; input: ServiceFeedbackInput },
): Promise<Service> => {
  const found = await deps.services.get(request.serviceId);
  if (!found || found.service.customerId !== request.customerId) throw serviceNotFound(request.serviceId);
  const current = found.service;
  if (current.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Service request ${current.id} has changed since you read it (now version ${current.version}); read it again.`);
  }
  if (current.status !== 'handled') {
    throw new DomainError(ErrorCode.InvalidTransition, `A request that is ${current.status} takes feedback only once it is handled.`);
  }
  const { next, move } = feedbackOutcome(current, request.input, request.actor, deps.clock.now().toISOString());
  await deps.services.move(current, next, move);
  return next;
};
