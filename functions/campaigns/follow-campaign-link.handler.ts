import middy from '@middy/core';
import { clickTokens, type ClickTarget } from '#shared/campaigns/click-token';
import { loadConfig } from '#shared/core/config';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { followCampaignLink } from './follow-campaign-link.use-case';

let tokens: ReturnType<typeof clickTokens> | undefined;

/** The signed token of the path (shared/campaigns/click-token.ts): anything else → 400, nothing read or written. */
const clickTargetOf = (event: { pathParameters?: Record<string, string | undefined> }): ClickTarget => {
  const target = (tokens ??= clickTokens(loadConfig().CURSOR_SIGNING_KEY)).verify(event.pathParameters?.['token'] ?? '');
  if (!target) {
    throw new DomainError(ErrorCode.ValidationFailed, 'This link is not valid (it may have been cut or changed).', {
      errors: [{ path: 'params.token', message: 'Not a valid click token.' }],
    });
  }
  return target;
};

/**
 * GET /c/{token} (public, no authorizer): a tracked link of a campaign mail — the click recorded, then 302 to the
 * link's URL as the campaign's template holds it. A tampered token → 400; a token of no member or link → 404.
 */
export const followCampaignLinkHandler = middy<{ pathParameters?: Record<string, string | undefined> }, HttpResult>().handler(async (event) => ({
  statusCode: 302,
  headers: { location: await followCampaignLink(campaignDependencies(), clickTargetOf(event)), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  body: '',
}));
