import { DomainError, ErrorCode } from '#shared/core/errors';
import { isMailableAddress } from '#shared/notifications/notification';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import { renderCampaignMail } from './campaign-mail.template';
import { campaignAtVersion } from './campaign.rules';

/** What a test send answers: where it went and the subject as rendered. */
export interface TestMailSent {
  readonly to: string;
  readonly subject: string;
}

/**
 * Test mails of one campaign one user may send in a minute: enough to iterate on a template, too few to use test
 * sends as a mailing channel (they reach the sender only, but each is a send on the account's SES reputation).
 */
export const TEST_SENDS_PER_MINUTE = 5;

/** The inert unsubscribe link of a test mail: a signed token of no member (the public route answers 404 to it). */
const TEST_UNSUBSCRIBE = { campaignId: '00000000000000000000000000', customerId: '00000000000000000000000000', contactId: '00000000000000000000000000' };

/**
 * Send an e-mail campaign's mail to the caller, as a member would get it, before launching it.
 *
 * Primary course: the campaign is read at the If-Match version and has an e-mail template; the caller's own address
 * is read from the directory (never an address from the request: a test send cannot mail anyone else); the template
 * is rendered with the caller as the contact and a sample customer, the subject marked `[TEST]`; one mail through the
 * campaign mailer (its rate). It changes neither the campaign nor its members: only its audit entry is written (action
 * `send`, after the mail went). Each send first takes one of the caller's TEST_SENDS_PER_MINUTE slots of the campaign
 * for the current minute (before the directory is asked and the mail goes).
 *
 * Alternates: missing → 404; stale If-Match → 412; no e-mail template → 409; the caller has no usable address →
 * NoRecipientAddress (409); the minute's slots taken → TestSendLimitReached (429, Retry-After: the seconds left of the
 * minute); SES refuses it after its retries → ServiceBusy (503).
 */
export const sendCampaignTestMail = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; expectedVersion: number },
): Promise<TestMailSent> => {
  const campaign = await campaignAtVersion(deps, request.campaignId, request.expectedVersion);
  if (!campaign.email) throw new DomainError(ErrorCode.InvalidTransition, `Campaign ${campaign.id} has no e-mail template to test (set \`email\`).`);
  // The slot first: a caller past the limit costs one conditional write, not a directory lookup and a send.
  const now = deps.clock.now();
  const minute = now.toISOString().slice(0, 16);
  if (!(await deps.campaigns.claimTestSend(campaign.id, request.caller.username, minute, TEST_SENDS_PER_MINUTE))) {
    throw new DomainError(ErrorCode.TestSendLimitReached, `At most ${TEST_SENDS_PER_MINUTE} test mails of a campaign a minute; send again in a moment.`, {
      retryAfterSeconds: 60 - now.getUTCSeconds(),
    });
  }
  const user = await deps.directory.findUser(request.caller.username);
  if (!isMailableAddress(user?.email)) throw new DomainError(ErrorCode.NoRecipientAddress, 'Your account has no e-mail address to send the test to.');
  const kit = deps.mail();
  const mail = renderCampaignMail(campaign.email, {
    contact: { name: user!.name, email: user!.email },
    customer: { name: '示例客户 Sample customer' },
    campaign: { name: campaign.name },
    unsubscribeUrl: kit.unsubscribeUrl(TEST_UNSUBSCRIBE),
  });
  const subject = `[TEST] ${mail.subject}`.slice(0, 200);
  const outcome = await kit.mailer.send({ to: user!.email!, ...mail, subject });
  if (outcome.kind === 'refused') throw new DomainError(ErrorCode.ServiceBusy, `The mail service refused the test mail (${outcome.reason}); try again.`, { retryAfterSeconds: 5 });
  await deps.campaigns.recordTestSend(campaign, request.caller.username, now.toISOString());
  return { to: user!.email!, subject };
};
