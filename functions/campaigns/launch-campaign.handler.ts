import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { accepted, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams } from './campaign.schema';
import { launchCampaign } from './launch-campaign.use-case';

export const launchCampaignHandler = middy<ApiEvent<unknown, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('launchCampaign'))
  .use(validate({ params: campaignIdParams }))
  .handler(async (event) => {
    const { campaign, launch } = await launchCampaign(campaignDependencies(), {
      caller: callerOf(event),
      campaignId: event.crm.params.campaignId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    // The ETag is the campaign's new version (launched); the job's progress is read at the Location.
    return accepted(launch, { location: `/v1/campaigns/${campaign.id}/launch`, version: campaign.version });
  });
