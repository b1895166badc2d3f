import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customFieldDependencies } from './custom-field.container';
import { customFieldIdParams, updateCustomFieldBody, type UpdateCustomFieldInput } from './custom-field.schema';
import { updateCustomField } from './update-custom-field.use-case';

export const updateCustomFieldHandler = middy<ApiEvent<UpdateCustomFieldInput, unknown, { customFieldId: string }>, HttpResult>()
  .use(authorize('updateCustomField'))
  .use(jsonBody())
  .use(validate({ params: customFieldIdParams, body: updateCustomFieldBody }))
  .handler(async (event) => {
    const field = await updateCustomField(customFieldDependencies(), {
      caller: callerOf(event),
      id: event.crm.params.customFieldId,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(field, { version: field.version });
  });
