import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getWebhook } from './get-webhook.use-case';
import { webhookDependencies } from './webhook.container';
import { webhookIdParams } from './webhook.schema';

export const getWebhookHandler = middy<ApiEvent<unknown, unknown, { webhookId: string }>, HttpResult>()
  .use(authorize('getWebhook'))
  .use(validate({ params: webhookIdParams }))
  .handler(async (event) => {
    const webhook = await getWebhook(webhookDependencies(), { caller: callerOf(event), webhookId: event.crm.params.webhookId });
    return ok(webhook, { version: webhook.version });
  });
