import * as z from 'zod';
import { isoDateTime, ulidSchema } from '#shared/core/schema-primitives';
import { CAMPAIGN_STATUSES } from './campaign.schema';

const count = z.number().int().min(0);

/**
 * A campaign's effect (issue 19, part 5) as `GET /v1/campaigns/{id}/effect` answers it: read from the campaign, its
 * launch job and its effect counters — one BatchGetItem whatever the audience size, never a count of members
 * (docs/data-model.md, "Campaign tracking and effect"). Members are counted once per milestone (a member that clicked
 * twice is one `clicked`, two `clicks`).
 */
export const campaignEffectSchema = z.strictObject({
  campaignId: ulidSchema,
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  /** Members materialised at launch (0 before a launch). */
  audience: count,
  /** The launch job's send tally: exact once the job completed, a running total while it sends. */
  sent: count,
  skipped: count,
  failed: count,
  /** Members whose mail SES reported delivered, bounced (permanent) or complained about. */
  delivered: count,
  bounced: count,
  complained: count,
  /** Members who clicked a tracked link at least once, and every click. */
  clicked: count,
  clicks: count,
  unsubscribed: count,
  /** Every response staff recorded (members or not), and members who responded / converted (each once). */
  responses: count,
  responded: count,
  converted: count,
  /** Opportunities the responses created (source `campaign`). */
  leads: count,
  /** The campaign's cost: its actual cost when one is recorded (not 0), else its budget (`costBasis` says which). */
  cost: z.strictObject({ amount: z.number().int().min(0), currency: z.string() }),
  costBasis: z.enum(['actual', 'budget']),
  /** cost / leads in the cost's minor units, rounded half up; null while there is no lead. */
  costPerLead: z.number().int().min(0).nullable(),
  asOf: isoDateTime,
});
export type CampaignEffect = z.infer<typeof campaignEffectSchema>;
