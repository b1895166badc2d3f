import * as z from 'zod';
import { campaignEffectSchema } from '#functions/campaigns/campaign-effect.schema';
import { CAMPAIGN_TYPES } from '#functions/campaigns/campaign.schema';
import { isoDateTime } from '#shared/core/schema-primitives';

/** Input of `GET /v1/reports/campaigns` (strict): the campaigns starting in `year` (UTC; default: this year). */
export const campaignsReportQuery = z.strictObject({ year: z.string().regex(/^\d{4}$/, 'A year such as `2026`.').optional() });
export type CampaignsReportQuery = z.infer<typeof campaignsReportQuery>;

const count = z.number().int().min(0);

/** The JSON answer (strict). Each item is the campaign's effect (as `GET /v1/campaigns/{id}/effect`) with its type and start. */
export const campaignsReportSchema = z.strictObject({
  report: z.literal('campaigns'),
  year: z.string(),
  asOf: isoDateTime,
  /** The items' figures added up; `cost` per currency is the company currency's only (campaign money is CNY). */
  totals: z.strictObject({
    campaigns: count, audience: count, sent: count, delivered: count, bounced: count, complained: count, clicked: count, clicks: count, unsubscribed: count,
    responses: count, responded: count, converted: count, leads: count,
    cost: z.strictObject({ amount: count, currency: z.string() }),
  }),
  items: z.array(campaignEffectSchema.extend({ type: z.enum(CAMPAIGN_TYPES), startsAt: isoDateTime })),
});
