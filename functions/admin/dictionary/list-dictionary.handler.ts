import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { dictionaryDependencies } from './dictionary.container';
import { emptyQuery } from './dictionary.schema';
import { listDictionary } from './list-dictionary.use-case';

export const listDictionaryHandler = middy<ApiEvent, HttpResult>()
  .use(authorize('listDictionary'))
  .use(validate({ query: emptyQuery }))
  .handler(async () => ok({ items: await listDictionary(dictionaryDependencies()) }));
