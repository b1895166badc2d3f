import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { noContent, type HttpResult } from '#shared/http/responses';
import { deleteWebhook } from './delete-webhook.use-case';
import { webhookDependencies } from './webhook.container';
import { webhookIdParams } from './webhook.schema';

export const deleteWebhookHandler = middy<ApiEvent<unknown, unknown, { webhookId: string }>, HttpResult>()
  .use(authorize('deleteWebhook'))
  .use(validate({ params: webhookIdParams }))
  .handler(async (event) => {
    await deleteWebhook(webhookDependencies(), { caller: callerOf(event), webhookId: event.crm.params.webhookId, expectedVersion: expectedVersionFrom(event.headers) });
    return noContent();
  });
