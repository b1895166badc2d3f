import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams, setCampaignStatusBody, type SetCampaignStatusInput } from './campaign.schema';
import { setCampaignStatus } from './set-campaign-status.use-case';

export const setCampaignStatusHandler = middy<ApiEvent<SetCampaignStatusInput, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('setCampaignStatus'))
  .use(jsonBody())
  .use(validate({ params: campaignIdParams, body: setCampaignStatusBody }))
  .handler(async (event) => {
    const campaign = await setCampaignStatus(campaignDependencies(), {
      caller: callerOf(event),
      campaignId: event.crm.params.campaignId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(campaign, { version: campaign.version });
  });
