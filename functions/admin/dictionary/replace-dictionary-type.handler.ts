import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import type { DictionaryType } from '#shared/dictionary/dictionary';
import { dictionaryDependencies } from './dictionary.container';
import { dictionaryTypeParams, replaceDictionaryBody, type ReplaceDictionaryInput } from './dictionary.schema';
import { replaceDictionaryType } from './replace-dictionary-type.use-case';

export const replaceDictionaryTypeHandler = middy<ApiEvent<ReplaceDictionaryInput, unknown, { type: DictionaryType }>, HttpResult>()
  .use(authorize('replaceDictionaryType'))
  .use(jsonBody())
  .use(validate({ params: dictionaryTypeParams, body: replaceDictionaryBody }))
  .handler(async (event) => {
    const list = await replaceDictionaryType(dictionaryDependencies(), {
      caller: callerOf(event),
      type: event.crm.params.type,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(list, { version: list.version });
  });
