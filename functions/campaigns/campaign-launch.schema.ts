import * as z from 'zod';
import { isoDateTime, ulidSchema } from '#shared/core/schema-primitives';
import { audienceCountSchema } from './campaign-audience.schema';

/**
 * The launch of a campaign: its audience materialised as members (one per contact) by a job in steps
 * (run-campaign-launch-step.use-case.ts), after which the campaign is `running`; an e-mail campaign with a template
 * then `sending` its mail to each member (send-campaign-mail.use-case.ts) before the job is `completed`.
 */
export const LAUNCH_STATUSES = ['materialising', 'sending', 'completed'] as const;
export type LaunchStatus = (typeof LAUNCH_STATUSES)[number];

export const campaignLaunchSchema = z.strictObject({
  campaignId: ulidSchema,
  status: z.enum(LAUNCH_STATUSES),
  /** The audience counted at launch (the members are read afresh: the final count may differ a little). */
  expected: audienceCountSchema,
  /** Members written so far (pages recorded); on completion, the members the campaign has (counted). */
  members: z.number().int().min(0),
  /** The mail so far (an e-mail campaign): members sent, skipped (consent, no address) and failed; exact once completed. */
  sent: z.number().int().min(0).optional(),
  skipped: z.number().int().min(0).optional(),
  failed: z.number().int().min(0).optional(),
  startedAt: isoDateTime,
  startedBy: z.string(),
  completedAt: isoDateTime.optional(),
  updatedAt: isoDateTime,
});
export type CampaignLaunch = z.infer<typeof campaignLaunchSchema>;

/**
 * The stored job: the public launch plus its checkpoints — the audience index key after the last page recorded
 * (`cursor`), and in the send phase the member key after the last page sent (`sendCursor`).
 */
export type StoredCampaignLaunch = CampaignLaunch & {
  readonly version: number;
  readonly cursor?: Record<string, string | number> | null;
  readonly sendCursor?: Record<string, string | number> | null;
};

/**
 * A member's state (issue 19, parts 3 and 4): `targeted` at launch; the send moves it to `sent` (claimed by a
 * conditional write before SES is called: at most one mail per member), `skipped` (never mailed: `skipReason`) or
 * `failed` (SES refused it: `failReason`). After that it only moves FORWARD, in the order of MEMBER_STATUS_RANK
 * (campaign-member.rules.ts): sent → delivered → bounced → clicked → responded → unsubscribed → complained →
 * converted. An event of a lower rank than the member's status (a bounce after a click, a delivery after an
 * unsubscribe) leaves the status alone but is still recorded: its milestone time and the campaign's effect counter.
 */
export const MEMBER_STATUSES = ['targeted', 'sent', 'skipped', 'failed', 'delivered', 'bounced', 'clicked', 'responded', 'unsubscribed', 'complained', 'converted'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Why a member got no mail: its contact's consent, no usable address, or the contact deleted since the launch. */
export const SKIP_REASONS = ['opted-out', 'bounced', 'complained', 'no-email', 'contact-gone'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

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
  /** `targeted` at launch; the send and the contact's answers move it (MEMBER_STATUSES). */
  status: z.enum(MEMBER_STATUSES),
  addedAt: isoDateTime,
  skipReason: z.enum(SKIP_REASONS).optional(),
  failReason: z.string().optional(),
  sentAt: isoDateTime.optional(),
  /** When the member's status last moved after the send. */
  statusChangedAt: isoDateTime.optional(),
  /** Milestones: when each event first happened to the member (each counted once in the campaign's effect). */
  deliveredAt: isoDateTime.optional(),
  bouncedAt: isoDateTime.optional(),
  clickedAt: isoDateTime.optional(),
  /** Clicks on the mail's tracked links (every click, the first one included). */
  clicks: z.number().int().min(0).optional(),
  respondedAt: isoDateTime.optional(),
  unsubscribedAt: isoDateTime.optional(),
  complainedAt: isoDateTime.optional(),
  convertedAt: isoDateTime.optional(),
});
export type CampaignMember = z.infer<typeof campaignMemberSchema>;

export const campaignMemberListSchema = z.strictObject({ items: z.array(campaignMemberSchema), nextCursor: z.string().nullable() });
