import middy from '@middy/core';
import { scopeOf } from '#shared/auth/permissions';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { bulkChangeCodes } from './bulk-change-codes.middleware';
import { bulkDependencies } from './bulk.container';
import { bulkUpdateBody, type BulkUpdateInput } from './bulk-update.schema';
import { bulkUpdateCustomers } from './bulk-update-customers.use-case';

/** `POST /v1/customers/bulk-update`: each customer's own answer in a 200 (its condition is in the body: no If-Match). */
export const bulkUpdateCustomersHandler = middy<ApiEvent<BulkUpdateInput>, HttpResult>()
  .use(authorize('bulkUpdateCustomers'))
  .use(jsonBody())
  .use(validate({ body: bulkUpdateBody }))
  .use(bulkChangeCodes)
  .handler(async (event) => {
    const result = await bulkUpdateCustomers(bulkDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      mayTransfer: scopeOf('customers:transfer', event.crm.principal.role) !== 'none',
      idempotency: idempotencyOf(event),
    });
    return ok(result);
  });
