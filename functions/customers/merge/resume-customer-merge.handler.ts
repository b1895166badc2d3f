import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { accepted, type HttpResult } from '#shared/http/responses';
import { mergeDependencies } from './merge.container';
import { mergeIdParams } from './merge.schema';
import { resumeMerge } from './resume-customer-merge.use-case';

export const resumeMergeHandler = middy<ApiEvent<unknown, unknown, { mergeId: string }>, HttpResult>()
  .use(authorize('resumeCustomerMerge'))
  .use(validate({ params: mergeIdParams }))
  .handler(async (event) => {
    const merge = await resumeMerge(mergeDependencies(), {
      caller: callerOf(event),
      mergeId: event.crm.params.mergeId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return accepted(merge, { location: `/v1/customers/merges/${merge.id}`, version: merge.version });
  });
