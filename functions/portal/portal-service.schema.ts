import * as z from 'zod';
import { isoDateTime, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { SERVICE_TYPES, SERVICE_STATUSES, serviceFeedbackBody } from '#functions/services/service.schema';

/**
 * The portal's service requests (issue 21): what a customer may send and see. Strict bodies: a `customerId` (or any
 * field the customer does not set) is refused with 400 — the customer is always the session's.
 */
export const submitPortalServiceBody = z.strictObject({
  /** 咨询 / 投诉 / 建议. */
  type: z.enum(SERVICE_TYPES),
  title: text(200),
  /** What the customer asks, complains about or suggests. */
  request: text(4000),
});
export type SubmitPortalServiceInput = z.infer<typeof submitPortalServiceBody>;

/** The staff feedback body: feedback (2,000 characters at most) and satisfaction 1–5. */
export const portalServiceFeedbackBody = serviceFeedbackBody;

export const portalServiceParams = z.strictObject({ serviceId: ulidSchema });
export const listPortalServicesQuery = z.strictObject({ ...pageQueryShape });
export type ListPortalServicesQuery = z.infer<typeof listPortalServicesQuery>;

/** How far along a request is, in the customer's words. */
export const PORTAL_PROGRESS = ['received', 'in-progress', 'awaiting-feedback', 'closed'] as const;

/**
 * One step of the request's history as the customer sees it: what happened and when, the answer given (handling) and
 * the feedback — never who on the staff did it, to whom it was assigned, or anything else not on this list.
 */
export const portalServiceStepSchema = z.strictObject({
  step: z.enum(['submitted', 'assigned', 'reassigned', 'answered', 'feedback']),
  status: z.enum(SERVICE_STATUSES),
  at: isoDateTime,
  /** `customer`: done in the portal; `staff` otherwise. */
  by: z.enum(['customer', 'staff']),
  handling: z.string().optional(),
  feedback: z.string().optional(),
  satisfaction: z.number().int().optional(),
});

const portalServiceShape = {
  id: ulidSchema,
  type: z.string(),
  title: z.string(),
  request: z.string(),
  channel: z.enum(['staff', 'portal']),
  status: z.enum(SERVICE_STATUSES),
  progress: z.enum(PORTAL_PROGRESS),
  /** The latest answer (absent while the request is being worked on again after a low satisfaction). */
  handling: z.string().optional(),
  handledAt: isoDateTime.optional(),
  feedback: z.string().optional(),
  satisfaction: z.number().int().optional(),
  feedbackAt: isoDateTime.optional(),
  closedAt: isoDateTime.optional(),
  reopenCount: z.number().int().min(0),
  version: z.number().int().min(1),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
};

/** A request in the portal's list. */
export const portalServiceSchema = z.strictObject(portalServiceShape);
export type PortalService = z.infer<typeof portalServiceSchema>;

/** `GET /portal/v1/service-requests/{serviceId}`: the request with its public history, oldest step first. */
export const portalServiceWithHistorySchema = z.strictObject({ ...portalServiceShape, history: z.array(portalServiceStepSchema) });
export type PortalServiceWithHistory = z.infer<typeof portalServiceWithHistorySchema>;

export const portalServiceListSchema = z.strictObject({ items: z.array(portalServiceSchema), nextCursor: z.string().nullable() });
