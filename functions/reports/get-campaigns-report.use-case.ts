import { campaignEffectOf } from '#functions/campaigns/campaign-effect.rules';
import { decimalOf, money, utcDay, type RenderedReport } from './report-format';
import type { CampaignsReportDependencies } from './get-campaigns-report.ports';
import type { CampaignsReportQuery } from './get-campaigns-report.schema';

const FIGURES = ['audience', 'sent', 'delivered', 'bounced', 'complained', 'clicked', 'clicks', 'unsubscribed', 'responses', 'responded', 'converted', 'leads'] as const;

/**
 * The campaigns report (营销效果, issue 19 part 5): every campaign starting in the year, newest first, with its effect.
 *
 * Primary course: one Query of the campaigns' start index and one BatchGetItem per 50 campaigns (their launch jobs and
 * effect counters, kept by the writes they count) — the cost follows the number of campaigns, never their audiences.
 * Each row as `GET /v1/campaigns/{id}/effect` (campaign-effect.rules.ts), plus the type and start; totals added up.
 * JSON, or CSV with `Accept: text/csv`.
 */
export const campaignsReport = async (deps: CampaignsReportDependencies, query: CampaignsReportQuery): Promise<RenderedReport> => {
  const now = deps.clock.now();
  const year = query.year ?? String(now.getUTCFullYear());
  const asOf = now.toISOString();
  const items = (await deps.effects.effects(year)).map((read) => ({ ...campaignEffectOf(read, asOf), type: read.campaign.type, startsAt: read.campaign.startsAt }));
  const sum = (figure: (typeof FIGURES)[number]) => items.reduce((total, item) => total + item[figure], 0);
  const totals = {
    campaigns: items.length,
    audience: sum('audience'),
    sent: sum('sent'),
    delivered: sum('delivered'),
    bounced: sum('bounced'),
    complained: sum('complained'),
    clicked: sum('clicked'),
    clicks: sum('clicks'),
    unsubscribed: sum('unsubscribed'),
    responses: sum('responses'),
    responded: sum('responded'),
    converted: sum('converted'),
    leads: sum('leads'),
    cost: money(items.reduce((total, item) => total + item.cost.amount, 0)),
  };
  return {
    body: { report: 'campaigns', year, asOf, totals, items },
    table: {
      filename: `campaigns-${year}-${utcDay(now)}.csv`,
      header: ['campaignId', 'name', 'type', 'status', 'startsAt', ...FIGURES, 'skipped', 'failed', 'cost', 'currency', 'costBasis', 'costPerLead'],
      rows: items.map((item) => [
        item.campaignId, item.name, item.type, item.status, item.startsAt, ...FIGURES.map((figure) => item[figure]), item.skipped, item.failed,
        decimalOf(item.cost), item.cost.currency, item.costBasis,
        item.costPerLead === null ? '' : decimalOf({ amount: item.costPerLead, currency: item.cost.currency }),
      ]),
    },
  };
};
