import * as z from 'zod';
import { auditFieldsShape, isoDateTime, moneySchema, ulidSchema } from '#shared/core/schema-primitives';
import { customValuesSchema } from '#shared/custom-fields/custom-values.schema';

/**
 * The stored opportunity as every writer sees it (docs/data-model.md, "Opportunities"): its statuses, its product
 * lines, the header and its stage moves. Its home is here, not in functions/opportunities, because other features
 * create opportunities in their own transactions (a campaign response, shared/opportunities/opportunity-create.writes.ts);
 * functions/opportunities/opportunity/opportunity.schema.ts re-exports it beside the request bodies.
 */

/**
 * The life of an opportunity (销售机会): created `unassigned`; a manager assigns it (`assigned`, and may
 * reassign it); it ends `won` (开发成功) or `lost` (开发失败). Won and lost are final. Clients never set it.
 */
export const OPPORTUNITY_STATUSES = ['unassigned', 'assigned', 'won', 'lost'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const OPEN_STATUSES = ['unassigned', 'assigned'] as const satisfies readonly OpportunityStatus[];
export const FINAL_STATUSES = ['won', 'lost'] as const satisfies readonly OpportunityStatus[];

/** A stored product line: the product as it was when the line was written, and the line's amount. */
export const opportunityLineSchema = z.strictObject({
  productId: ulidSchema,
  productCode: z.string(),
  productName: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: moneySchema,
  discount: moneySchema,
  /** quantity × unitPrice − discount. */
  amount: moneySchema,
});
export type OpportunityLine = z.infer<typeof opportunityLineSchema>;

/** The opportunity as the API returns it. Strict: no storage attribute (pk, sk, gsi*) can leak. */
export const opportunitySchema = z.strictObject({
  id: ulidSchema,
  prospectName: z.string(),
  customerId: ulidSchema.optional(),
  summary: z.string(),
  successRate: z.number().int(),
  source: z.string().optional(),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
  description: z.string().optional(),
  estimatedAmount: moneySchema.optional(),
  expectedCloseDate: z.string().optional(),
  /** The sales stage (opportunity-stages); absent on opportunities stored before stages until the back-fill. */
  stage: z.string().optional(),
  /** The forecast weight, whole percent. */
  probability: z.number().int().min(0).max(100).optional(),
  /** Product lines; while there are any, `estimatedAmount` is their sum. */
  lines: z.array(opportunityLineSchema).optional(),
  status: z.enum(OPPORTUNITY_STATUSES),
  assigneeId: z.string().optional(),
  assigneeName: z.string().optional(),
  assignedAt: isoDateTime.optional(),
  assignedBy: z.string().optional(),
  closedAt: isoDateTime.optional(),
  closedBy: z.string().optional(),
  lostReason: z.string().optional(),
  custom: customValuesSchema.optional(),
  /** The campaign whose response created it (source `campaign`, functions/campaigns: record-campaign-response). */
  campaignId: ulidSchema.optional(),
  ...auditFieldsShape,
});
export type Opportunity = z.infer<typeof opportunitySchema>;

/** One stage move of an opportunity: from (absent: its first stage), to, when and by whom, at which version. */
export const stageMoveSchema = z.strictObject({
  opportunityId: ulidSchema,
  from: z.string().optional(),
  to: z.string(),
  /** The probability the move left the opportunity at. */
  probability: z.number().int().min(0).max(100).optional(),
  at: isoDateTime,
  by: z.string(),
  /** The opportunity's version after the move. */
  version: z.number().int().min(1),
});
export type StageMove = z.infer<typeof stageMoveSchema>;
