import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { redeliverWebhookDelivery } from './redeliver-webhook-delivery.use-case';
import { webhookDependencies } from './webhook.container';
import { deliveryParams } from './webhook.schema';

export const redeliverWebhookDeliveryHandler = middy<ApiEvent<unknown, unknown, { webhookId: string; deliveryId: string }>, HttpResult>()
  .use(authorize('redeliverWebhookDelivery'))
  .use(validate({ params: deliveryParams }))
  .handler(async (event) => {
    const { webhookId, deliveryId } = event.crm.params;
    return ok(await redeliverWebhookDelivery(webhookDependencies(), { caller: callerOf(event), webhookId, deliveryId, expectedVersion: expectedVersionFrom(event.headers) }));
  });
