import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createCustomer } from './create-customer.use-case';
import { customValues } from '#shared/custom-fields/custom-values.middleware';
import { customerDictionaryCodes } from './customer-codes.middleware';
import { customerDependencies } from './customer.container';
import { allowDuplicateQuery, createCustomerBody, type AllowDuplicateQuery, type CreateCustomerInput } from './customer.schema';

export const createCustomerHandler = middy<ApiEvent<CreateCustomerInput, AllowDuplicateQuery>, HttpResult>()
  .use(authorize('createCustomer'))
  .use(jsonBody())
  .use(validate({ query: allowDuplicateQuery, body: createCustomerBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>); first, so a
  // refused request marks no dictionary code used.
  .use(customValues('customer', 'create'))
  // Dictionary codes (level, region, industry, source; a Chinese province and city) must be active codes of their
  // lists (400 naming the field otherwise).
  .use(customerDictionaryCodes('create'))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createCustomer(customerDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      allowDuplicate: event.crm.query.allowDuplicate === 'true',
      ...(idempotency ? { idempotency } : {}),
    });
    const { customer } = outcome;
    return created(customer, {
      location: `/v1/customers/${customer.id}`,
      version: customer.version,
      replayed: outcome.kind === 'replayed',
    });
  });
