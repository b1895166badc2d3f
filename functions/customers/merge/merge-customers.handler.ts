import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { accepted, type HttpResult } from '#shared/http/responses';
import { customerIdParams } from '#functions/customers/customer/customer.schema';
import { mergeDependencies } from './merge.container';
import { mergeCustomersBody, type MergeCustomersInput } from './merge.schema';
import { mergeCustomers } from './merge-customers.use-case';

export const mergeCustomersHandler = middy<ApiEvent<MergeCustomersInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('mergeCustomers'))
  .use(jsonBody())
  .use(validate({ params: customerIdParams, body: mergeCustomersBody }))
  .handler(async (event) => {
    const merge = await mergeCustomers(mergeDependencies(), {
      caller: callerOf(event),
      survivorId: event.crm.params.customerId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return accepted(merge, { location: `/v1/customers/merges/${merge.id}`, version: merge.version });
  });
