import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { updateWebhook } from './update-webhook.use-case';
import { webhookDependencies } from './webhook.container';
import { updateWebhookBody, webhookIdParams, type UpdateWebhookInput } from './webhook.schema';

export const updateWebhookHandler = middy<ApiEvent<UpdateWebhookInput, unknown, { webhookId: string }>, HttpResult>()
  .use(authorize('updateWebhook'))
  .use(jsonBody())
  .use(validate({ params: webhookIdParams, body: updateWebhookBody }))
  .handler(async (event) => {
    const webhook = await updateWebhook(webhookDependencies(), {
      caller: callerOf(event),
      webhookId: event.crm.params.webhookId,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(webhook, { version: webhook.version });
  });
