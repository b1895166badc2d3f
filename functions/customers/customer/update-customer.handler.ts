import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customValues } from '#shared/custom-fields/custom-values.middleware';
import { customerDictionaryCodes } from './customer-codes.middleware';
import { customerDependencies } from './customer.container';
import { allowDuplicateQuery, customerIdParams, updateCustomerBody, type AllowDuplicateQuery, type UpdateCustomerInput } from './customer.schema';
import { updateCustomer } from './update-customer.use-case';

export const updateCustomerHandler = middy<ApiEvent<UpdateCustomerInput, AllowDuplicateQuery, { customerId: string }>, HttpResult>()
  .use(authorize('updateCustomer'))
  .use(jsonBody())
  .use(validate({ params: customerIdParams, query: allowDuplicateQuery, body: updateCustomerBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>); first, so a
  // refused request marks no dictionary code used.
  .use(customValues('customer', 'update'))
  // Dictionary codes (level, region, industry, source; a Chinese province and city) must be active codes of their
  // lists (400 naming the field otherwise).
  .use(customerDictionaryCodes('update'))
  .handler(async (event) => {
    const customer = await updateCustomer(customerDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
      allowDuplicate: event.crm.query.allowDuplicate === 'true',
    });
    return ok(customer, { version: customer.version });
  });
