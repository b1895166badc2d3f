import { SATISFIED_FROM, type Service, type ServiceFeedbackInput, type ServiceMove } from './service.schema';
import type { ServiceDependencies } from './service.dependencies';
import { movedBy, prepareMove, type MoveRequest } from './service.rules';

/**
 * THE feedback rule, whoever records it (staff here, the customer in the portal: portal-service.use-case.ts):
 * satisfaction 3–5 archives the handled request (closedAt set); 1–2 sends it back to `assigned` (same assignee) with
 * the handling cleared, the feedback kept as the reason and `reopenCount` raised. Answers the next state and its move.
 */
export const feedbackOutcome = (service: Service, input: ServiceFeedbackInput, by: string, at: string): { next: Service; move: ServiceMove } => {
  const feedback = { feedback: input.feedback, satisfaction: input.satisfaction, feedbackAt: at, feedbackBy: by };
  const moved = movedBy(service, { username: by }, at);
  let next: Service;
  if (input.satisfaction >= SATISFIED_FROM) {
    next = { ...service, ...feedback, status: 'archived', closedAt: at, ...moved };
  } else {
    const { handling: _handling, handledAt: _handledAt, handledBy: _handledBy, ...open } = service;
    next = { ...open, ...feedback, status: 'assigned', reopenCount: service.reopenCount + 1, ...moved };
  }
  const move: ServiceMove = {
    move: 'feedback',
    from: 'handled',
    to: next.status,
    at,
    by,
    version: next.version,
    feedback: input.feedback,
    satisfaction: input.satisfaction,
  };
  return { next, move };
};

/**
 * Record the customer's feedback on a handled request (its assignee, or a manager).
 *
 * Primary course: satisfaction 3–5 → the request is archived (closedAt set). One transaction records the
 * feedback, the move, the customer's summary and the aggregates (status counts, satisfaction sum and count).
 *
 * Alternate course — reopen: satisfaction 1–2 → the request goes back to `assigned` (same assignee) for a second
 * try: the handling is cleared from the request, the feedback stays on it as the reason, `reopenCount` goes up,
 * and the history keeps the earlier handling and feedback.
 *
 * Alternates: missing or not visible → 404; stale If-Match → 412; not `handled` → InvalidTransition (409);
 * an account manager who is not the assignee → 403.
 */
export const recordServiceFeedback = async (
  deps: ServiceDependencies,
  request: MoveRequest & { input: ServiceFeedbackInput },
): Promise<Service> => {
  const { caller, input } = request;
  const service = await prepareMove(deps, request, { move: 'given feedback', from: ['handled'], assigneeOnly: true });
  const { next, move } = feedbackOutcome(service, input, caller.username, deps.clock.now().toISOString());
  await deps.services.move(service, next, move);
  return next;
};
