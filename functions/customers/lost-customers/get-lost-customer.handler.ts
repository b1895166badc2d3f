import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getLostCustomer } from './get-lost-customer.use-case';
import { lostCustomerDependencies } from './lost-customer.container';
import { lostCustomerParams } from './lost-customer.schema';

export const getLostCustomerHandler = middy<ApiEvent<unknown, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('getLostCustomer'))
  .use(validate({ params: lostCustomerParams }))
  .handler(async (event) => {
    const record = await getLostCustomer(lostCustomerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
    });
    return ok(record, { version: record.version });
  });
