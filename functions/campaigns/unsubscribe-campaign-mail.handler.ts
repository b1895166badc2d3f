import middy from '@middy/core';
import type { HttpResult } from '#shared/http/responses';
import { answerCampaignMail } from './answer-campaign-mail.use-case';
import { campaignDependencies } from './campaign.container';
import { donePage, unsubscribeTargetOf } from './campaign-unsubscribe.page';

/**
 * POST /u/{token} (public, no authorizer): RFC 8058 one-click unsubscribe — a mail client posts
 * `List-Unsubscribe=One-Click`, a person the confirm page's form; the body is not needed and not read. A tampered token
 * → 400 with nothing written; a token of no member → 404; done (or done before) → 200 and the page.
 */
export const unsubscribeCampaignMailHandler = middy<{ pathParameters?: Record<string, string | undefined> }, HttpResult>().handler(async (event) => {
  await answerCampaignMail(campaignDependencies(), { target: unsubscribeTargetOf(event), answer: 'unsubscribe' });
  return donePage();
});
