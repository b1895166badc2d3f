import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams } from './campaign.schema';
import { sendCampaignTestMail } from './send-campaign-test-mail.use-case';

export const sendCampaignTestMailHandler = middy<ApiEvent<unknown, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('sendCampaignTestMail'))
  .use(validate({ params: campaignIdParams }))
  .handler(async (event) =>
    ok(
      await sendCampaignTestMail(campaignDependencies(), {
        caller: callerOf(event),
        campaignId: event.crm.params.campaignId,
        expectedVersion: expectedVersionFrom(event.headers),
      }),
    ),
  );
