import { defineAggregate } from '#shared/reports/aggregate-entity';
import { campaignKeys } from './campaign.keys';

/**
 * The effect counters of one campaign (`CAMPAIGN#<id>` / `EFFECT`, docs/data-model.md "Campaign tracking and
 * effect"), declared once: every writer ADDs its counts in the same transaction as the write it counts
 * (unconditional, so a counter never refuses the business write), and the effect route and report read the item
 * whole — one read whatever the audience size, never a count of members.
 *
 * Counters (members each counted ONCE, at their first such event): `delivered`, `bounced`, `complained`,
 * `unsubscribed`, `clicked`, `responded`, `converted`; and totals: `clicks` (every click), `responses` (every response
 * recorded, members or not) and `leads` (every opportunity a response created).
 */
export const EFFECT_COUNTERS = ['delivered', 'bounced', 'complained', 'unsubscribed', 'clicked', 'clicks', 'responded', 'converted', 'responses', 'leads'] as const;
export type EffectCounter = (typeof EFFECT_COUNTERS)[number];
export type EffectCounts = Partial<Record<EffectCounter, number>>;

export const campaignEffectEntity = defineAggregate<{ campaignId: string }>({
  name: 'CampaignEffect',
  keyOf: ({ campaignId }) => campaignKeys.effect(campaignId),
});

/** The counters of a stored effect item (an absent counter is 0; no item yet: all 0). */
export const effectCountsOf = (item: Record<string, unknown> | undefined): Record<EffectCounter, number> =>
  Object.fromEntries(EFFECT_COUNTERS.map((name) => [name, typeof item?.[name] === 'number' ? (item[name] as number) : 0])) as Record<EffectCounter, number>;
