import * as z from 'zod';
import { code, isoDateTime, moneySchema, text, ulidSchema } from '#shared/core/schema-primitives';
import { MEMBER_STATUSES } from './campaign-launch.schema';
import { companyMoney } from './campaign.schema';

/** How the customer answered: a call, at an event, by e-mail, or otherwise. */
export const RESPONSE_CHANNELS = ['call', 'event', 'email', 'other'] as const;
/** What they said, as a short code. */
export const RESPONSE_OUTCOMES = ['interested', 'not-interested', 'callback', 'meeting', 'other'] as const;

/**
 * A response recorded by staff (issue 19, part 4): which customer (and contact) answered the campaign, how, with
 * what outcome; `createOpportunity` opens a sales opportunity for the customer in the same transaction (source
 * `campaign`, the campaign's id), in the company's currency.
 */
export const recordCampaignResponseBody = z.strictObject({
  customerId: ulidSchema,
  /** The contact who answered: their member (if the campaign has one) moves to responded / converted. */
  contactId: ulidSchema.optional(),
  channel: z.enum(RESPONSE_CHANNELS),
  outcome: z.enum(RESPONSE_OUTCOMES),
  note: text(2000).optional(),
  /** When it happened (default: now); never in the future. */
  respondedAt: isoDateTime.transform((value) => new Date(value).toISOString()).optional(),
  createOpportunity: z
    .strictObject({
      /** The opportunity's summary. */
      name: text(500),
      amount: companyMoney,
      expectedCloseDate: z.iso.date(),
      /** An open stage of the opportunity-stages list (default: its first open stage). */
      stage: code.optional(),
    })
    .optional(),
});
export type RecordCampaignResponseInput = z.infer<typeof recordCampaignResponseBody>;

/** A response as the API returns it. */
export const campaignResponseSchema = z.strictObject({
  id: ulidSchema,
  campaignId: ulidSchema,
  customerId: ulidSchema,
  customerName: z.string(),
  /** The customer's owner when the response was recorded (whose "own" list holds it). */
  ownerId: z.string(),
  contactId: ulidSchema.optional(),
  channel: z.enum(RESPONSE_CHANNELS),
  outcome: z.enum(RESPONSE_OUTCOMES),
  note: z.string().optional(),
  respondedAt: isoDateTime,
  /** The opportunity the response created (source `campaign`). */
  opportunityId: ulidSchema.optional(),
  opportunityAmount: moneySchema.optional(),
  /** The member's status after the response; absent when the contact is no member of the campaign (or none was named). */
  memberStatus: z.enum(MEMBER_STATUSES).optional(),
  createdAt: isoDateTime,
  createdBy: z.string(),
});
export type CampaignResponse = z.infer<typeof campaignResponseSchema>;

export const campaignResponseListSchema = z.strictObject({ items: z.array(campaignResponseSchema), nextCursor: z.string().nullable() });
