import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { confirmLostCustomer } from './confirm-lost-customer.use-case';
import { lostCustomerDependencies } from './lost-customer.container';
import { confirmLossBody, lostCustomerParams, type ConfirmLossInput } from './lost-customer.schema';

export const confirmLostCustomerHandler = middy<ApiEvent<ConfirmLossInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('confirmLostCustomer'))
  .use(jsonBody())
  .use(validate({ params: lostCustomerParams, body: confirmLossBody }))
  // Dictionary codes must be active codes of their lists (400 naming the field otherwise).
  .use(dictionaryCodes({ reason: 'lost-reasons' }))
  .handler(async (event) => {
    const record = await confirmLostCustomer(lostCustomerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(record, { version: record.version });
  });
