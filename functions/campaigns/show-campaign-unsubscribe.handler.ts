import middy from '@middy/core';
import type { HttpResult } from '#shared/http/responses';
import { confirmPage, unsubscribeTargetOf } from './campaign-unsubscribe.page';

/** GET /u/{token} (public, no authorizer): the token checked (400 if it is not one of ours), then the confirm page; nothing read or written. */
export const showCampaignUnsubscribeHandler = middy<{ pathParameters?: Record<string, string | undefined> }, HttpResult>().handler(async (event) => {
  unsubscribeTargetOf(event);
  return confirmPage();
});
