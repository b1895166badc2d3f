import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import type { DictionaryType } from '#shared/dictionary/dictionary';
import { dictionaryDependencies } from './dictionary.container';
import { dictionaryTypeParams } from './dictionary.schema';
import { getDictionaryType } from './get-dictionary-type.use-case';

export const getDictionaryTypeHandler = middy<ApiEvent<unknown, unknown, { type: DictionaryType }>, HttpResult>()
  .use(authorize('getDictionaryType'))
  .use(validate({ params: dictionaryTypeParams }))
  .handler(async (event) => {
    const list = await getDictionaryType(dictionaryDependencies(), event.crm.params.type);
    return ok(list, { version: list.version });
  });
