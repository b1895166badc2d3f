import * as z from 'zod';
import { isoDateTime, ulidSchema } from '#shared/core/schema-primitives';
import { audienceCountSchema } from './campaign-audience.schema';

/**
 * The launch of a campaign: its audience materialised as members (one per contact) by a job in steps
 * (run-campaign-launch-step.use-case.ts), after which the campaign is `running`.
 */
export const LAUNCH_STATUSES = ['materialising', 'completed'] as const;
export type LaunchStatus = (typeof LAUNCH_STATUSES)[number];

export const campaignLaunchSchema = z.strictObject({
  campaignId: ulidSchema,
  status: z.enum(LAUNCH_STATUSES),
  /** The audience counted at launch (the members are read afresh: the final count may differ a little). */
  expected: audienceCountSchema,
  /** Members written so far (pages recorded); on completion, the members the campaign has (counted). */
  members: z.number().int().min(0),
  startedAt: isoDateTime,
  startedBy: z.string(),
  completedAt: isoDateTime.optional(),
  updatedAt: isoDateTime,
});
export type CampaignLaunch = z.infer<typeof campaignLaunchSchema>;

/** The stored job: the public launch plus its checkpoint (the audience index key after the last page recorded). */
export type StoredCampaignLaunch = CampaignLaunch & { readonly version: number; readonly cursor?: Record<string, string | number> | null };

export const MEMBER_STATUSES = ['targeted'] as const;

/** A campaign member: a contact of the audience at launch, with its customer copied (later edits do not move it). */
export const campaignMemberSchema = z.strictObject({
  campaignId: ulidSchema,
  contactId: ulidSchema,
  contactName: z.string(),
  email: z.string().optional(),
  isPrimary: z.boolean(),
  customerId: ulidSchema,
  customerName: z.string(),
  ownerId: z.string(),
  /** `targeted` at launch; later parts of issue 19 move it (sent, delivered, clicked, …). */
  status: z.enum(MEMBER_STATUSES),
  addedAt: isoDateTime,
});
export type CampaignMember = z.infer<typeof campaignMemberSchema>;

export const campaignMemberListSchema = z.strictObject({ items: z.array(campaignMemberSchema), nextCursor: z.string().nullable() });
