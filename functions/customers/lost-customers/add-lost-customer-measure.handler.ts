import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { addLostCustomerMeasure } from './add-lost-customer-measure.use-case';
import { lostCustomerDependencies } from './lost-customer.container';
import { addMeasureBody, lostCustomerParams, type AddMeasureInput } from './lost-customer.schema';

export const addLostCustomerMeasureHandler = middy<ApiEvent<AddMeasureInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('addLostCustomerMeasure'))
  .use(jsonBody())
  .use(validate({ params: lostCustomerParams, body: addMeasureBody }))
  .handler(async (event) => {
    const record = await addLostCustomerMeasure(lostCustomerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(record, { version: record.version });
  });
