import type { Service, ServiceMove, ServiceWithHistory } from '#functions/services/service.schema';
import { isPortalActor } from './portal-session';
import type { PortalService, PortalServiceWithHistory } from './portal-service.schema';

/**
 * What the customer sees of a request: an ALLOW-list of its fields and of each history move's — staff usernames,
 * the assignee, custom fields and whatever internal field a request gains later never reach the portal, because
 * nothing is copied that is not named here.
 */

const PROGRESS: Record<Service['status'], PortalService['progress']> = {
  created: 'received',
  assigned: 'in-progress',
  handled: 'awaiting-feedback',
  archived: 'closed',
};

const STEP: Record<ServiceMove['move'], PortalServiceWithHistory['history'][number]['step']> = {
  create: 'submitted',
  assign: 'assigned',
  reassign: 'reassigned',
  handle: 'answered',
  feedback: 'feedback',
};

const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export const portalServiceOf = (service: Service): PortalService =>
  defined({
    id: service.id,
    type: service.type,
    title: service.title,
    request: service.request,
    channel: service.channel ?? 'staff',
    status: service.status,
    progress: PROGRESS[service.status],
    handling: service.handling,
    handledAt: service.handledAt,
    feedback: service.feedback,
    satisfaction: service.satisfaction,
    feedbackAt: service.feedbackAt,
    closedAt: service.closedAt,
    reopenCount: service.reopenCount,
    version: service.version,
    createdAt: service.createdAt,
    updatedAt: service.updatedAt,
  });

export const portalServiceWithHistoryOf = (service: ServiceWithHistory): PortalServiceWithHistory => {
  const { history, ...request } = service;
  return {
    ...portalServiceOf(request),
    history: history.map((move) =>
      defined({
        step: STEP[move.move],
        status: move.to,
        at: move.at,
        by: isPortalActor(move.by) ? ('customer' as const) : ('staff' as const),
        handling: move.handling,
        feedback: move.feedback,
        satisfaction: move.satisfaction,
      }),
    ),
  };
};
