import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { audienceCustomFields } from './campaign-audience.middleware';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams, updateCampaignBody, type UpdateCampaignInput } from './campaign.schema';
import { updateCampaign } from './update-campaign.use-case';

export const updateCampaignHandler = middy<ApiEvent<UpdateCampaignInput, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('updateCampaign'))
  .use(jsonBody())
  .use(validate({ params: campaignIdParams, body: updateCampaignBody }))
  .use(audienceCustomFields)
  .handler(async (event) => {
    const campaign = await updateCampaign(campaignDependencies(), {
      caller: callerOf(event),
      campaignId: event.crm.params.campaignId,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(campaign, { version: campaign.version });
  });
