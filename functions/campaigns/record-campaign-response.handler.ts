import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { campaignIdParams } from './campaign.schema';
import { campaignDependencies } from './campaign.container';
import { recordCampaignResponseBody, type RecordCampaignResponseInput } from './campaign-response.schema';
import { recordCampaignResponse } from './record-campaign-response.use-case';

export const recordCampaignResponseHandler = middy<ApiEvent<RecordCampaignResponseInput, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('recordCampaignResponse'))
  .use(jsonBody())
  .use(validate({ params: campaignIdParams, body: recordCampaignResponseBody }))
  .handler(async (event) => {
    const outcome = await recordCampaignResponse(campaignDependencies(), {
      caller: callerOf(event),
      campaignId: event.crm.params.campaignId,
      input: event.crm.body,
      idempotency: idempotencyOf(event),
    });
    const response = outcome.value;
    return created(response, { location: `/v1/campaigns/${response.campaignId}/responses`, version: 1, replayed: outcome.kind === 'replayed' });
  });
