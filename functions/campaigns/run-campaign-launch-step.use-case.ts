import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CampaignDependencies } from './campaign.dependencies';
import type { AudienceEntry } from './campaign-audience.schema';
import type { CampaignMember, StoredCampaignLaunch } from './campaign-launch.schema';
import type { Campaign } from './campaign.schema';
import { sendCampaignMail } from './send-campaign-mail.use-case';

/** Contacts per page (one checkpoint each): a page's members are 4 BatchWriteItems. */
export interface LaunchLimits {
  readonly pageSize: number;
  readonly stepMillis: number;
}

const memberOf = (campaignId: string, entry: AudienceEntry, at: string): CampaignMember => ({
  campaignId,
  contactId: entry.contact.id,
  contactName: entry.contact.name,
  ...(entry.contact.email !== undefined ? { email: entry.contact.email } : {}),
  isPrimary: entry.contact.isPrimary,
  customerId: entry.customer.id,
  customerName: entry.customer.name,
  ownerId: entry.customer.ownerId,
  status: 'targeted',
  addedAt: at,
});

/**
 * One step of a campaign's launch job (a Lambda invocation): pages of the audience until the job is done or
 * `budgetMillis` is spent; then, if anything is left, the job continues it (campaign-launch.trigger.ts).
 *
 * Primary course: each page of the audience (the customer list's planner, every customer: campaign-audience
 * .repository.ts) is read from the checkpoint; its contacts are written as members (`MEMBER#<contactId>`: one item per
 * contact); then the page's count and the audience key after it are recorded in ONE conditional update of the job
 * (its version): the checkpoint. After the last page the members are counted (a Query of COUNT, not a sum of pages)
 * and one transaction moves the campaign to `running` with `memberCount` (audited) and completes the job.
 *
 * Re-runnable: a step that dies mid-page leaves the checkpoint before that page; the re-run writes the same members
 * again (the same items, never a second one) and records the page once (the job's version). A contact met twice
 * (its customer moved in the index while the job walked it) is still one member; the final count is exact.
 *
 * An e-mail campaign with a template goes on from there to its send phase (`sending`, send-campaign-mail.use-case.ts)
 * in the same step while its time lasts, then in further steps; the job completes when every member is settled.
 *
 * Alternates: a job already completed (or gone) → nothing to do; a late retry of a materialising step after the
 * phase ended finds the job `sending` and never writes a member again; a fault (throttling) is thrown: the invocation
 * is retried from the checkpoint.
 */
export const runCampaignLaunchStep = async (deps: CampaignDependencies, campaignId: string, limits: LaunchLimits): Promise<StoredCampaignLaunch | undefined> => {
  const started = deps.clock.now().getTime();
  const inBudget = () => deps.clock.now().getTime() - started < limits.stepMillis;
  const at = () => deps.clock.now().toISOString();
  let launch = await deps.launches.get(campaignId);
  if (!launch || launch.status === 'completed') return launch;
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign?.audience) throw new DomainError(ErrorCode.CampaignNotFound, `Campaign ${campaignId} has no audience to launch to.`);
  if (launch.status === 'materialising') {
    let done = false;
    while (!done && inBudget()) {
      const current: StoredCampaignLaunch = launch;
      const page = await deps.audiences.page(campaign.audience, {}, { limit: limits.pageSize, startKey: current.cursor ?? undefined });
      const stamp = at();
      const members = [...new Map(page.items.map((entry) => [entry.contact.id, memberOf(campaignId, entry, stamp)])).values()];
      await deps.launches.putMembers(members);
      done = page.lastKey === undefined;
      if (!done) launch = await deps.launches.advance(current, { members: current.members + members.length, cursor: page.lastKey, updatedAt: stamp });
    }
    if (!done) {
      await deps.launchTrigger.continueLaunch(campaignId);
      return launch;
    }
    launch = await complete(deps, campaign, launch);
  }
  if (launch.status !== 'sending' || !campaign.email) return launch;
  const sending = await sendCampaignMail(deps, { ...campaign, email: campaign.email }, launch, inBudget);
  if (sending.status === 'sending') await deps.launchTrigger.continueLaunch(campaignId);
  return sending;
};

/**
 * The campaign running with its members counted, the job completed — or, for an e-mail campaign with a template, on
 * to its send phase (`sending`): one transaction.
 */
const complete = async (deps: CampaignDependencies, campaign: Campaign, launch: StoredCampaignLaunch): Promise<StoredCampaignLaunch> => {
  const members = await deps.launches.countMembers(campaign.id);
  const at = deps.clock.now().toISOString();
  const { statusReason: _reason, ...rest } = campaign;
  const running: Campaign = {
    ...rest,
    status: 'running',
    statusChangedAt: at,
    memberCount: members,
    version: campaign.version + 1,
    updatedAt: at,
    updatedBy: launch.startedBy,
  };
  const mails = campaign.type === 'email' && campaign.email !== undefined;
  const done = mails
    ? { members, cursor: null, status: 'sending' as const, sent: 0, skipped: 0, failed: 0, updatedAt: at }
    : { members, cursor: null, status: 'completed' as const, completedAt: at, updatedAt: at };
  await deps.launches.complete(campaign, running, launch, { action: 'transition', note: `launched: ${members} members` }, done);
  const { cursor: _cursor, ...completed } = { ...launch, ...done, version: launch.version + 1 };
  return completed;
};
