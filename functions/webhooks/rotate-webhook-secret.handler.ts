import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { rotateWebhookSecret } from './rotate-webhook-secret.use-case';
import { webhookDependencies } from './webhook.container';
import { webhookIdParams } from './webhook.schema';

export const rotateWebhookSecretHandler = middy<ApiEvent<unknown, unknown, { webhookId: string }>, HttpResult>()
  .use(authorize('rotateWebhookSecret'))
  .use(validate({ params: webhookIdParams }))
  .handler(async (event) => {
    const webhook = await rotateWebhookSecret(webhookDependencies(), {
      caller: callerOf(event),
      webhookId: event.crm.params.webhookId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(webhook, { version: webhook.version });
  });
