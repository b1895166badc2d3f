import * as z from 'zod';
import { auditFieldsShape, code, isoDateTime, pageQueryShape, text, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';
import { customValuesInput, customValuesSchema } from '#shared/custom-fields/custom-values.schema';

/**
 * Service request types of the source specification (服务类型: 咨询 / 投诉 / 建议): the built-in `service-types` list
 * of the data dictionary, which owns the list — the schemas take any code, the handlers check it.
 */
export const SERVICE_TYPES = ['consultation', 'complaint', 'suggestion'] as const;
export type ServiceType = string;

/** created → assigned → handled → archived, or handled → assigned again when the customer is not satisfied. */
export const SERVICE_STATUSES = ['created', 'assigned', 'handled', 'archived'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/**
 * Where a request came in: entered by staff, or submitted by the customer in the portal (functions/portal/). Absent on
 * requests created before channels were recorded (they were all entered by staff).
 */
export const SERVICE_CHANNELS = ['staff', 'portal'] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

/** The moves kept in a request's history. */
export const SERVICE_MOVES = ['create', 'assign', 'reassign', 'handle', 'feedback'] as const;
export type ServiceMoveKind = (typeof SERVICE_MOVES)[number];

/** Satisfaction below this reopens the request (back to `assigned`); at or above it archives the request. */
export const SATISFIED_FROM = 3;

const satisfactionSchema = z.number().int('A whole number from 1 to 5.').min(1).max(5);

/**
 * A date or date-time bound of the created-date filter: ISO 8601 with `Z` or an offset, or a plain date
 * (midnight UTC), normalised to `toISOString()` so that it compares with the stored `createdAt`.
 */
const dateBound = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value).toISOString());

export const createServiceBody = z.strictObject({
  type: code,
  title: text(200),
  customerId: ulidSchema,
  /** What the customer asked or complained about (服务请求). */
  request: text(4000),
  /** Custom-field values (shared/custom-fields/), checked against the current definitions by the handler; set on
   * create only (a request's later changes are its moves). */
  custom: customValuesInput.optional(),
});
export type CreateServiceInput = z.infer<typeof createServiceBody>;

export const assignServiceBody = z.strictObject({ assigneeId: usernameSchema });
export type AssignServiceInput = z.infer<typeof assignServiceBody>;

export const handleServiceBody = z.strictObject({
  /** How the request was dealt with (服务处理). */
  handling: text(4000),
});
export type HandleServiceInput = z.infer<typeof handleServiceBody>;

export const serviceFeedbackBody = z.strictObject({
  /** What the customer said about the handling (处理结果). */
  feedback: text(2000),
  /** 1 (very unhappy) … 5 (very happy); below 3 reopens the request. */
  satisfaction: satisfactionSchema,
});
export type ServiceFeedbackInput = z.infer<typeof serviceFeedbackBody>;

export const serviceIdParams = z.strictObject({ serviceId: ulidSchema });

/** `from` inclusive, `to` exclusive (created date); newest first. */
export const listServicesQuery = z
  .strictObject({
    ...pageQueryShape,
    type: code.optional(),
    status: z.enum(SERVICE_STATUSES).optional(),
    customerId: ulidSchema.optional(),
    assigneeId: usernameSchema.optional(),
    from: dateBound.optional(),
    to: dateBound.optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: '`from` must be before `to`.',
    path: ['to'],
  });
export type ListServicesQuery = z.infer<typeof listServicesQuery>;

/** The request as the API returns it. Strict: no storage attribute (pk, sk, gsi*) can leak. */
export const serviceSchema = z.strictObject({
  id: ulidSchema,
  type: z.string(),
  title: z.string(),
  customerId: ulidSchema,
  customerName: z.string(),
  request: z.string(),
  /** `portal` when the customer submitted it in the customer portal. */
  channel: z.enum(SERVICE_CHANNELS).optional(),
  status: z.enum(SERVICE_STATUSES),
  assigneeId: z.string().optional(),
  assigneeName: z.string().optional(),
  assignedAt: isoDateTime.optional(),
  assignedBy: z.string().optional(),
  handling: z.string().optional(),
  handledAt: isoDateTime.optional(),
  handledBy: z.string().optional(),
  /** The latest feedback; earlier rounds are in the history. */
  feedback: z.string().optional(),
  satisfaction: satisfactionSchema.optional(),
  feedbackAt: isoDateTime.optional(),
  feedbackBy: z.string().optional(),
  closedAt: isoDateTime.optional(),
  /** How often feedback below 3 sent the request back to its assignee. */
  reopenCount: z.number().int().min(0),
  /** Custom-field values by key (shared/custom-fields/). */
  custom: customValuesSchema.optional(),
  ...auditFieldsShape,
});
export type Service = z.infer<typeof serviceSchema>;

/** One move in a request's history: what changed, by whom, when, with what the move carried. */
export const serviceMoveSchema = z.strictObject({
  move: z.enum(SERVICE_MOVES),
  from: z.enum(SERVICE_STATUSES).optional(),
  to: z.enum(SERVICE_STATUSES),
  at: isoDateTime,
  by: z.string(),
  /** The request's version after the move. */
  version: z.number().int().min(1),
  assigneeId: z.string().optional(),
  handling: z.string().optional(),
  feedback: z.string().optional(),
  satisfaction: satisfactionSchema.optional(),
});
export type ServiceMove = z.infer<typeof serviceMoveSchema>;

/** GET /v1/services/{serviceId}: the request with its full history, oldest move first. */
export const serviceWithHistorySchema = serviceSchema.extend({ history: z.array(serviceMoveSchema) });
export type ServiceWithHistory = z.infer<typeof serviceWithHistorySchema>;

export const serviceListSchema = z.strictObject({
  items: z.array(serviceSchema),
  nextCursor: z.string().nullable(),
});
