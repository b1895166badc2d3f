import * as z from 'zod';
import {
  auditFieldsShape,
  code,
  isoDateTime,
  summedMoneySchema,
  pageQueryShape,
  text,
  ulidSchema,
  usernameSchema,
} from '#shared/core/schema-primitives';
import { customValuesInput, customValuesPatch } from '#shared/custom-fields/custom-values.schema';
import { customerNoSchema } from '#functions/customers/customer/customer.schema';
import { accountingMoney, MAX_QUANTITY } from '#functions/orders/products/product.schema';
import { OPPORTUNITY_STATUSES, opportunitySchema, stageMoveSchema } from '#shared/opportunities/opportunity.model';

// The stored opportunity's shapes live in shared/opportunities (other features create opportunities too).
export {
  FINAL_STATUSES,
  OPEN_STATUSES,
  OPPORTUNITY_STATUSES,
  opportunityLineSchema,
  opportunitySchema,
  stageMoveSchema,
  type Opportunity,
  type OpportunityLine,
  type OpportunityStatus,
  type StageMove,
} from '#shared/opportunities/opportunity.model';


const phone = z.string().trim().regex(/^[+0-9()\-\s]{3,32}$/, 'Digits, spaces, +, -, ( and ) only.');

/** A calendar date `2026-12-31`, or a UTC date-time (normalised to `toISOString()` form). */
const dateOrDateTime = z.union([z.iso.date(), isoDateTime.transform((value) => new Date(value).toISOString())]);

/** Fields a client may write; optional ones may be cleared with `null` on update. */
const requiredWritable = {
  prospectName: text(200),
  summary: text(500),
  successRate: z.number().int('A whole percentage.').min(0).max(100),
};

/**
 * The sales stage and forecast weight (issue 20): `stage` is a code of the opportunity-stages dictionary list
 * (checked by the handlers; `won` / `lost` are reached by winning or losing only), `probability` the forecast weight
 * in whole percent — the stage's default unless given.
 */
const stageWritable = {
  stage: code,
  probability: z.number().int('A whole percentage.').min(0).max(100),
};
const optionalWritable = {
  /** A code of the customer-sources dictionary list, checked by the handlers. */
  source: code,
  contactName: text(100),
  contactPhone: phone,
  description: text(4000),
  estimatedAmount: summedMoneySchema,
  expectedCloseDate: z.iso.date(),
};

/** At most this many product lines on an opportunity. */
export const MAX_OPPORTUNITY_LINES = 50;

/**
 * A product line (issue 20): which product, how many, at what unit price (default: the product's) less a discount
 * (an amount off the line, at most its gross amount). The estimated amount is computed from the lines, exact to the
 * fen — never taken from the client while the opportunity has lines.
 */
export const opportunityLineInput = z.strictObject({
  productId: ulidSchema,
  quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(MAX_QUANTITY),
  unitPrice: accountingMoney.optional(),
  discount: accountingMoney.optional(),
});
export type OpportunityLineInput = z.infer<typeof opportunityLineInput>;
const linesInput = z
  .array(opportunityLineInput)
  .min(1, 'Send at least one line (null removes the lines).')
  .max(MAX_OPPORTUNITY_LINES, `At most ${MAX_OPPORTUNITY_LINES} lines.`);


/** Lines and an estimated amount in one body: the amount is computed from the lines, so sending both is refused. */
const notBothAmountAndLines = (body: { lines?: unknown; estimatedAmount?: unknown }, context: z.RefinementCtx) => {
  if (body.lines !== undefined && body.lines !== null && body.estimatedAmount !== undefined) {
    context.addIssue({ code: 'custom', path: ['estimatedAmount'], message: 'The estimated amount is computed from the lines; send one or the other.' });
  }
};

const optionalShape = Object.fromEntries(Object.entries(optionalWritable).map(([key, schema]) => [key, schema.optional()])) as {
  [K in keyof typeof optionalWritable]: z.ZodOptional<(typeof optionalWritable)[K]>;
};
const nullableShape = Object.fromEntries(
  Object.entries(optionalWritable).map(([key, schema]) => [key, schema.nullable().optional()]),
) as { [K in keyof typeof optionalWritable]: z.ZodOptional<z.ZodNullable<(typeof optionalWritable)[K]>> };

/**
 * A new opportunity names its prospect: `prospectName` for a company that is not a customer yet, or
 * `customerId` for an existing customer (its name becomes the prospect name). Exactly one of the two.
 */
export const createOpportunityBody = z
  .strictObject({
    ...optionalShape,
    prospectName: requiredWritable.prospectName.optional(),
    customerId: ulidSchema.optional(),
    summary: requiredWritable.summary,
    /**
     * The salesperson's own estimate of winning (the source's 成功几率); defaults to the probability. Kept beside
     * `probability`, the forecast weight, which follows the stage unless given.
     */
    successRate: requiredWritable.successRate.optional(),
    /** Defaults to the first open stage of the list (初步接洽). */
    stage: stageWritable.stage.optional(),
    /** Defaults to the stage's probability. */
    probability: stageWritable.probability.optional(),
    /** Product lines: the estimated amount becomes their sum (CNY). */
    lines: linesInput.optional(),
    /** Custom-field values (shared/custom-fields/), checked against the current definitions by the handler. */
    custom: customValuesInput.optional(),
  })
  .superRefine((body, context) => {
    notBothAmountAndLines(body, context);
    if ((body.prospectName === undefined) === (body.customerId === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [body.prospectName === undefined ? 'prospectName' : 'customerId'],
        message: 'Send either prospectName (a new prospect) or customerId (an existing customer), not both.',
      });
    }
  });
export type CreateOpportunityInput = z.infer<typeof createOpportunityBody>;

export const updateOpportunityBody = z
  .strictObject({
    prospectName: requiredWritable.prospectName.optional(),
    summary: requiredWritable.summary.optional(),
    successRate: requiredWritable.successRate.optional(),
    /** A stage move (recorded in the stage history); the probability follows the new stage unless given. */
    stage: stageWritable.stage.optional(),
    probability: stageWritable.probability.optional(),
    ...nullableShape,
    /** Replaces the product lines (the estimated amount becomes their sum); null removes them (the amount stays, editable again). */
    lines: linesInput.nullable().optional(),
    /** A merge patch of custom-field values: a value sets, null clears, absent keys stay. */
    custom: customValuesPatch.optional(),
  })
  .superRefine(notBothAmountAndLines)
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type UpdateOpportunityInput = z.infer<typeof updateOpportunityBody>;

export const assignOpportunityBody = z.strictObject({ assigneeId: usernameSchema });
export type AssignOpportunityInput = z.infer<typeof assignOpportunityBody>;

/**
 * Winning may shape the customer it creates (ignored when the opportunity is for an existing customer).
 * The body is optional: no body is the same as `{}`.
 */
export const winOpportunityBody = z.strictObject({
  customerNo: customerNoSchema.optional(),
  // Level, region and industry are dictionary codes, checked by the handler.
  level: code.optional(),
  region: code.optional(),
  industry: code.optional(),
  // The new customer's custom values (customer fields, as the rest of this body): checked, required ones included,
  // against the customer definitions when the win creates a customer (win-opportunity.use-case.ts).
  custom: customValuesInput.optional(),
});
export type WinOpportunityInput = z.infer<typeof winOpportunityBody>;

export const loseOpportunityBody = z.strictObject({ reason: text(500) });
export type LoseOpportunityInput = z.infer<typeof loseOpportunityBody>;

export const opportunityIdParams = z.strictObject({ opportunityId: ulidSchema });
export const planStepParams = z.strictObject({ opportunityId: ulidSchema, stepId: ulidSchema });

export const listOpportunitiesQuery = z
  .strictObject({
    ...pageQueryShape,
    status: z.enum(OPPORTUNITY_STATUSES).optional(),
    assigneeId: usernameSchema.optional(),
    source: code.optional(),
    /** Created on or after (a date means from its first moment). */
    createdFrom: dateOrDateTime.optional(),
    /** Created on or before (a date means up to its last moment). */
    createdTo: dateOrDateTime.optional(),
  })
  .refine((query) => !query.createdFrom || !query.createdTo || query.createdFrom <= query.createdTo, {
    message: 'createdFrom must not be after createdTo.',
    path: ['createdTo'],
  });
export type ListOpportunitiesQuery = z.infer<typeof listOpportunitiesQuery>;

export const listPlanStepsQuery = z.strictObject({ ...pageQueryShape });
export type ListPlanStepsQuery = z.infer<typeof listPlanStepsQuery>;

/**
 * When the assignee is reminded of a step: an instant in the future, not after the step is due; `null`: never.
 * Absent on create: at the step's due time when that is still ahead (shared/reminders/plan-step-reminder.ts).
 */
const stepRemindAt = isoDateTime.transform((value) => new Date(value).toISOString()).nullable();

export const createPlanStepBody = z.strictObject({
  /** When the step is planned: a date (due 01:00Z that day), or a UTC date-time. */
  plannedAt: dateOrDateTime,
  action: text(1000),
  remindAt: stepRemindAt.optional(),
});
export type CreatePlanStepInput = z.infer<typeof createPlanStepBody>;

/** Record the result, or reschedule (`plannedAt`, `remindAt`) an open step; at least one of them. */
export const updatePlanStepBody = z
  .strictObject({ result: text(2000).optional(), plannedAt: dateOrDateTime.optional(), remindAt: stepRemindAt.optional() })
  .refine((body) => body.result !== undefined || body.plannedAt !== undefined || body.remindAt !== undefined, {
    message: 'Give a result, a new plannedAt or a new remindAt.',
    path: ['result'],
  });
export type UpdatePlanStepInput = z.infer<typeof updatePlanStepBody>;


export const planStepSchema = z.strictObject({
  id: ulidSchema,
  opportunityId: ulidSchema,
  plannedAt: z.string(),
  action: z.string(),
  /** When the assignee is reminded (absent: no reminder). */
  remindAt: isoDateTime.optional(),
  /** The opportunity's assignee while the step is open and the opportunity assigned (its "plan steps due" index). */
  assigneeId: z.string().optional(),
  result: z.string().optional(),
  resultAt: isoDateTime.optional(),
  resultBy: z.string().optional(),
  ...auditFieldsShape,
});
export type PlanStep = z.infer<typeof planStepSchema>;

export const opportunityListSchema = z.strictObject({ items: z.array(opportunitySchema), nextCursor: z.string().nullable() });
export const planStepListSchema = z.strictObject({ items: z.array(planStepSchema), nextCursor: z.string().nullable() });

export const stageHistorySchema = z.strictObject({ items: z.array(stageMoveSchema), nextCursor: z.string().nullable() });
export const stageHistoryQuery = z.strictObject({ ...pageQueryShape });
export type StageHistoryQuery = z.infer<typeof stageHistoryQuery>;
