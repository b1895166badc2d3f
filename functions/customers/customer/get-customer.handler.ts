import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customerDependencies } from './customer.container';
import { customerIdParams } from './customer.schema';
import { getCustomer } from './get-customer.use-case';

export const getCustomerHandler = middy<ApiEvent<unknown, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('getCustomer'))
  .use(validate({ params: customerIdParams }))
  .handler(async (event) => {
    const customer = await getCustomer(customerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
    });
    return ok(customer, { version: customer.version });
  });
