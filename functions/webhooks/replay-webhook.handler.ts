import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { replayWebhook } from './replay-webhook.use-case';
import { webhookDependencies } from './webhook.container';
import { replayWebhookBody, webhookIdParams, type ReplayWebhookInput } from './webhook.schema';

export const replayWebhookHandler = middy<ApiEvent<ReplayWebhookInput, unknown, { webhookId: string }>, HttpResult>()
  .use(authorize('replayWebhook'))
  .use(jsonBody())
  .use(validate({ params: webhookIdParams, body: replayWebhookBody }))
  .handler(async (event) => {
    const expectedVersion = expectedVersionFrom(event.headers);
    return ok(await replayWebhook(webhookDependencies(), { caller: callerOf(event), webhookId: event.crm.params.webhookId, since: event.crm.body.since, expectedVersion }));
  });
