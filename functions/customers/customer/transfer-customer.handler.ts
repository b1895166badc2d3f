import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customerDependencies } from './customer.container';
import { customerIdParams, transferCustomerBody, type TransferCustomerInput } from './customer.schema';
import { transferCustomer } from './transfer-customer.use-case';

export const transferCustomerHandler = middy<ApiEvent<TransferCustomerInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('transferCustomer'))
  .use(jsonBody())
  .use(validate({ params: customerIdParams, body: transferCustomerBody }))
  .handler(async (event) => {
    const customer = await transferCustomer(customerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(customer, { version: customer.version });
  });
