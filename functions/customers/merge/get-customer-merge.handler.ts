import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { mergeDependencies } from './merge.container';
import { mergeIdParams } from './merge.schema';
import { getMerge } from './get-customer-merge.use-case';

export const getMergeHandler = middy<ApiEvent<unknown, unknown, { mergeId: string }>, HttpResult>()
  .use(authorize('getCustomerMerge'))
  .use(validate({ params: mergeIdParams }))
  .handler(async (event) => {
    const merge = await getMerge(mergeDependencies(), { caller: callerOf(event), mergeId: event.crm.params.mergeId });
    return ok(merge, { version: merge.version });
  });
