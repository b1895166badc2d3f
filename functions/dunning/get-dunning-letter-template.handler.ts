import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { letterDependencies } from './dunning-letter.container';
import { emptyBody } from './dunning.schema';
import { getLetterTemplate } from './letter-template.use-case';

export const getDunningLetterTemplateHandler = middy<ApiEvent, HttpResult>()
  .use(authorize('getDunningLetterTemplate'))
  .use(validate({ query: emptyBody }))
  .handler(async () => {
    const template = await getLetterTemplate(letterDependencies());
    return ok(template, { version: template.version });
  });
