import * as z from 'zod';
import { audienceSchema } from './campaign-audience.schema';
import { campaignTemplateProblems } from './campaign-mail.template';
import { auditFieldsShape, isoDateTime, pageQueryShape, summedMoneySchema, text, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/** Kinds of marketing campaign (营销活动 / 市场活动). */
export const CAMPAIGN_TYPES = ['email', 'event', 'phone', 'sms', 'social', 'other'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

/** draft → scheduled → running → completed, or cancelled from any state before completed (campaign.rules.ts). */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * The company's currency: budgets and costs are in it only (the CRM's accounting currency, as products, orders and
 * quotes — functions/orders/products/product.schema.ts); another currency is refused (400), never converted.
 */
export const COMPANY_CURRENCY = 'CNY';

export const companyMoney = summedMoneySchema.refine((money) => money.currency === COMPANY_CURRENCY, {
  message: `Only ${COMPANY_CURRENCY}, the company's currency, is accepted.`,
  path: ['currency'],
});

/**
 * An e-mail campaign's template (campaign-mail.template.ts): subject, HTML and text in Liquid over the contact's, the
 * customer's and the campaign's fields; an unknown variable, a CR/LF in the subject or bad syntax → 400 naming it.
 */
export const campaignEmailSchema = z
  .strictObject({
    subject: z.string().trim().min(1).max(200),
    html: z.string().min(1).max(100_000),
    text: z.string().min(1).max(50_000),
  })
  .superRefine((template, context) => {
    for (const problem of campaignTemplateProblems(template, 'email')) {
      context.addIssue({ code: 'custom', path: problem.path.split('.').slice(1), message: problem.message });
    }
  });
export type CampaignEmail = z.infer<typeof campaignEmailSchema>;

const emailOnEmailCampaigns = { message: 'Only an e-mail campaign (`type: email`) has an e-mail template.', path: ['email'] };

const endsAfterStart = { message: '`endsAt` must be after `startsAt`.', path: ['endsAt'] };

export const createCampaignBody = z
  .strictObject({
    name: text(200),
    type: z.enum(CAMPAIGN_TYPES),
    /** What the campaign is for (营销目标): free text. */
    goal: text(2000).optional(),
    /** The planned spend, in the company's currency (minor units). */
    budget: companyMoney,
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    /** The staff member in charge: an enabled user who may manage campaigns. */
    ownerId: usernameSchema,
    /** Who the campaign reaches (campaign-audience.schema.ts); launched campaigns materialise it as members. */
    audience: audienceSchema.optional(),
    /** The mail an e-mail campaign sends each member at launch (and a manager's test send). */
    email: campaignEmailSchema.optional(),
  })
  .refine((body) => body.startsAt < body.endsAt, endsAfterStart)
  .refine((body) => body.email === undefined || body.type === 'email', emailOnEmailCampaigns);
export type CreateCampaignInput = z.infer<typeof createCampaignBody>;

/** A merge patch: fields given are replaced; `goal: null` removes the goal. */
export const updateCampaignBody = z
  .strictObject({
    name: text(200).optional(),
    type: z.enum(CAMPAIGN_TYPES).optional(),
    goal: text(2000).nullable().optional(),
    budget: companyMoney.optional(),
    /** What the campaign has cost so far (实际费用), in the company's currency. */
    actualCost: companyMoney.optional(),
    startsAt: isoDateTime.optional(),
    endsAt: isoDateTime.optional(),
    ownerId: usernameSchema.optional(),
    /** The audience, replaced whole (`null` removes it); only while the campaign is a draft or scheduled. */
    audience: audienceSchema.nullable().optional(),
    /** The e-mail template, replaced whole (`null` removes it); only while the campaign is a draft or scheduled. */
    email: campaignEmailSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change.' })
  .refine((body) => body.startsAt === undefined || body.endsAt === undefined || body.startsAt < body.endsAt, endsAfterStart);
export type UpdateCampaignInput = z.infer<typeof updateCampaignBody>;

/** The states a status move may go to (`running` by this route: a campaign without an audience to materialise). */
export const CAMPAIGN_MOVE_TARGETS = ['draft', 'scheduled', 'running', 'completed', 'cancelled'] as const;

export const setCampaignStatusBody = z.strictObject({
  status: z.enum(CAMPAIGN_MOVE_TARGETS),
  /** Why, kept in the audit trail (required for a cancellation). */
  reason: text(500).optional(),
});
export type SetCampaignStatusInput = z.infer<typeof setCampaignStatusBody>;

export const campaignIdParams = z.strictObject({ campaignId: ulidSchema });

/** A page of a campaign's audience or members. */
export const campaignPageQuery = z.strictObject({ ...pageQueryShape });
export type CampaignPageQuery = z.infer<typeof campaignPageQuery>;

export const listCampaignsQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  type: z.enum(CAMPAIGN_TYPES).optional(),
  ownerId: usernameSchema.optional(),
});
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuery>;

const moneyOut = z.strictObject({ amount: z.number().int().min(0), currency: z.string() });

/** The campaign as the API returns it. Strict: no storage attribute (pk, sk, gsi*) can leak. */
export const campaignSchema = z.strictObject({
  id: ulidSchema,
  name: z.string(),
  type: z.enum(CAMPAIGN_TYPES),
  goal: z.string().optional(),
  budget: moneyOut,
  actualCost: moneyOut,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  ownerId: z.string(),
  ownerName: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  /** When the campaign last changed state, and why (when a reason was given). */
  statusChangedAt: isoDateTime.optional(),
  statusReason: z.string().optional(),
  audience: audienceSchema.optional(),
  email: z.strictObject({ subject: z.string(), html: z.string(), text: z.string() }).optional(),
  /** When and by whom it was launched (its audience materialised as members: `GET …/launch` follows the job). */
  launchedAt: isoDateTime.optional(),
  launchedBy: z.string().optional(),
  /** Its members, counted when the launch completed (the campaign is then running). */
  memberCount: z.number().int().min(0).optional(),
  ...auditFieldsShape,
});
export type Campaign = z.infer<typeof campaignSchema>;

export const campaignListSchema = z.strictObject({
  items: z.array(campaignSchema),
  nextCursor: z.string().nullable(),
});

/** A test send's answer (send-campaign-test-mail.use-case.ts). */
export const testMailSentSchema = z.strictObject({ to: z.string(), subject: z.string() });
