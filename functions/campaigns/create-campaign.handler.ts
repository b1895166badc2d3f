import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { audienceCustomFields } from './campaign-audience.middleware';
import { campaignDependencies } from './campaign.container';
import { createCampaignBody, type CreateCampaignInput } from './campaign.schema';
import { createCampaign } from './create-campaign.use-case';

export const createCampaignHandler = middy<ApiEvent<CreateCampaignInput>, HttpResult>()
  .use(authorize('createCampaign'))
  .use(jsonBody())
  .use(validate({ body: createCampaignBody }))
  .use(audienceCustomFields)
  .handler(async (event) => {
    const outcome = await createCampaign(campaignDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      idempotency: idempotencyOf(event),
    });
    const { campaign } = outcome;
    return created(campaign, { location: `/v1/campaigns/${campaign.id}`, version: campaign.version, replayed: outcome.kind === 'replayed' });
  });
