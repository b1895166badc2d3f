import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { noContent, type HttpResult } from '#shared/http/responses';
import { customerDependencies } from './customer.container';
import { customerIdParams } from './customer.schema';
import { deleteCustomer } from './delete-customer.use-case';

export const deleteCustomerHandler = middy<ApiEvent<unknown, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('deleteCustomer'))
  .use(validate({ params: customerIdParams }))
  .handler(async (event) => {
    await deleteCustomer(customerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return noContent();
  });
