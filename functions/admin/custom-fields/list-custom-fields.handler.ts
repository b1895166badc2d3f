import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { customFieldDependencies } from './custom-field.container';
import { listCustomFieldsQuery, type ListCustomFieldsQuery } from './custom-field.schema';
import { listCustomFields } from './list-custom-fields.use-case';

export const listCustomFieldsHandler = middy<ApiEvent<unknown, ListCustomFieldsQuery>, HttpResult>()
  .use(authorize('listCustomFields'))
  .use(validate({ query: listCustomFieldsQuery }))
  .handler(async (event) => {
    const items = await listCustomFields(customFieldDependencies(), { query: event.crm.query });
    return ok({ items, nextCursor: null });
  });
