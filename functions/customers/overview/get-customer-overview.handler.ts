import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { customerReadGuard } from '#shared/read-guard/read-guard.container';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customerOverviewReader } from './customer-overview.container';
import { customerIdParams } from '#functions/customers/customer/customer.schema';
import { getCustomerOverview } from './get-customer-overview.use-case';

export const getCustomerOverviewHandler = middy<ApiEvent<unknown, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('getCustomerOverview'))
  .use(validate({ params: customerIdParams }))
  .handler(async (event) => {
    const overview = await getCustomerOverview(
      { overview: customerOverviewReader(), readGuard: customerReadGuard() },
      { caller: callerOf(event), customerId: event.crm.params.customerId },
    );
    return ok(overview);
  });
