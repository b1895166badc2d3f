import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createWebhook } from './create-webhook.use-case';
import { webhookDependencies } from './webhook.container';
import { createWebhookBody, type CreateWebhookInput } from './webhook.schema';

export const createWebhookHandler = middy<ApiEvent<CreateWebhookInput>, HttpResult>()
  .use(authorize('createWebhook'))
  .use(jsonBody())
  .use(validate({ body: createWebhookBody }))
  .handler(async (event) => {
    const outcome = await createWebhook(webhookDependencies(), { caller: callerOf(event), input: event.crm.body, idempotency: idempotencyOf(event) });
    const { answer } = outcome;
    return created(answer, { location: `/v1/webhooks/${answer.id}`, version: answer.version, replayed: outcome.kind === 'replayed' });
  });
