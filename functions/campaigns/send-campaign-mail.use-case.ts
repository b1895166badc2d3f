import type { CampaignDependencies } from './campaign.dependencies';
import type { CampaignMember, StoredCampaignLaunch } from './campaign-launch.schema';
import { renderCampaignMail } from './campaign-mail.template';
import type { CampaignEmail } from './campaign.schema';
import type { Campaign } from './campaign.schema';
import { listUnsubscribeHeaders, sendVerdict, type SendContact } from './campaign-send.rules';

/** Members per send page: one Query of members and one BatchGetItem of their contacts (≤ 100 keys). */
export const SEND_PAGE_SIZE = 25;

type Tally = { sent: number; skipped: number; failed: number };

/**
 * The send phase of an e-mail campaign's launch job (issue 19, part 3): each member gets the campaign's mail once —
 * or is skipped, with the reason — while the step's time lasts.
 *
 * Primary course, page by page from the job's send checkpoint (`sendCursor`):
 * 1. One Query of the members and one consistent BatchGetItem of their contacts: consent and address are judged as
 *    they are NOW (campaign-send.rules.ts) — an unsubscribe or a bounce recorded before this read stops the mail.
 * 2. Each member still `targeted`: skipped (opted-out, bounced, complained, no address, contact deleted) by a
 *    conditional write; or CLAIMED `targeted → sent` by a conditional write BEFORE the mail is handed to SES (through
 *    the token bucket at the configured rate), with its List-Unsubscribe headers, its own signed unsubscribe link and
 *    its HTML links rewritten to the signed click route (campaign-mail.template.ts, `trackedLinksOf`).
 *    SES refusing it (after the SDK's retries) moves it `sent → failed` with the reason.
 * 3. The page's tally and the member key after it are recorded on the job in one version-conditional update.
 * After the last page the members are counted by status (exact, whatever re-runs happened) and the job completes.
 *
 * At most once per member: a member no longer `targeted` is never claimed again, so a retried step, a re-run of a
 * page or two racing steps never send twice to one contact in one campaign (the claim is the only way to a send).
 * The trade-off: a step that dies between the claim and SES's answer leaves the member `sent` though SES may never
 * have had it — that member's mail is lost, never doubled (docs/data-model.md, "Campaign mail").
 */
export const sendCampaignMail = async (
  deps: CampaignDependencies,
  campaign: Campaign & { email: CampaignEmail },
  launch: StoredCampaignLaunch,
  inBudget: () => boolean,
): Promise<StoredCampaignLaunch> => {
  const kit = deps.mail();
  let current = launch;
  while (inBudget()) {
    const page = await deps.sends.members(campaign.id, { limit: SEND_PAGE_SIZE, startKey: current.sendCursor });
    const waiting = page.items.filter((member) => member.status === 'targeted');
    const contacts = waiting.length > 0 ? await deps.sends.contacts(waiting.map((member) => ({ customerId: member.customerId, contactId: member.contactId }))) : new Map<string, SendContact>();
    const tally: Tally = { sent: 0, skipped: 0, failed: 0 };
    for (const member of waiting) {
      const outcome = await sendOne(deps, kit, campaign, member, contacts.get(member.contactId));
      if (outcome) tally[outcome] += 1;
    }
    if (page.lastKey === undefined) return finish(deps, campaign.id, current);
    current = await deps.launches.advance(current, {
      sendCursor: page.lastKey,
      sent: (current.sent ?? 0) + tally.sent,
      skipped: (current.skipped ?? 0) + tally.skipped,
      failed: (current.failed ?? 0) + tally.failed,
      updatedAt: deps.clock.now().toISOString(),
    });
  }
  return current;
};

/** One member: skipped, or claimed then sent (or failed). Undefined when another run had moved it already. */
const sendOne = async (
  deps: CampaignDependencies,
  kit: ReturnType<CampaignDependencies['mail']>,
  campaign: Campaign & { email: CampaignEmail },
  member: CampaignMember,
  contact: SendContact | undefined,
): Promise<keyof Tally | undefined> => {
  const at = deps.clock.now().toISOString();
  const verdict = sendVerdict(contact);
  if (verdict.kind === 'skip') {
    return (await deps.sends.move(member, { from: 'targeted', to: 'skipped', at, skipReason: verdict.reason })) ? 'skipped' : undefined;
  }
  if (!(await deps.sends.move(member, { from: 'targeted', to: 'sent', at }))) return undefined;
  const target = { campaignId: campaign.id, customerId: member.customerId, contactId: member.contactId };
  const url = kit.unsubscribeUrl(target);
  const mail = renderCampaignMail(
    campaign.email,
    { contact: contact!, customer: { name: member.customerName }, campaign: { name: campaign.name }, unsubscribeUrl: url },
    (link) => kit.clickUrl({ ...target, link }),
  );
  const outcome = await kit.mailer.send({
    to: verdict.to,
    ...mail,
    headers: listUnsubscribeHeaders(url, kit.unsubscribeMailto),
    tags: [
      { name: 'campaignId', value: campaign.id },
      { name: 'customerId', value: member.customerId },
      { name: 'contactId', value: member.contactId },
    ],
  });
  if (outcome.kind === 'sent') return 'sent';
  await deps.sends.move(member, { from: 'sent', to: 'failed', at: deps.clock.now().toISOString(), failReason: outcome.reason });
  return 'failed';
};

/** Every member settled: counted by status (exact), the job completed with the figures. */
const finish = async (deps: CampaignDependencies, campaignId: string, launch: StoredCampaignLaunch): Promise<StoredCampaignLaunch> => {
  const counts = await deps.sends.countByStatus(campaignId);
  const at = deps.clock.now().toISOString();
  // Every member past `targeted` that was neither skipped nor failed was sent its mail (delivered, clicked,
  // unsubscribed … came after it). A response recorded from a call to a skipped member while the send still ran
  // would count here too: a response moves any member forward (campaign-member.rules.ts).
  const total = Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
  const sent = total - (counts.targeted ?? 0) - (counts.skipped ?? 0) - (counts.failed ?? 0);
  const done = { status: 'completed' as const, sendCursor: null, sent, skipped: counts.skipped ?? 0, failed: counts.failed ?? 0, completedAt: at, updatedAt: at };
  return deps.launches.advance(launch, done);
};
