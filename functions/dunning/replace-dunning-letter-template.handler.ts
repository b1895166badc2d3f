import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { letterDependencies } from './dunning-letter.container';
import { letterTemplateBody, type LetterTemplateInput } from './dunning.schema';
import { replaceLetterTemplate } from './letter-template.use-case';

export const replaceDunningLetterTemplateHandler = middy<ApiEvent<LetterTemplateInput>, HttpResult>()
  .use(authorize('replaceDunningLetterTemplate'))
  .use(jsonBody())
  .use(validate({ body: letterTemplateBody }))
  .handler(async (event) => {
    const template = await replaceLetterTemplate(letterDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(template, { version: template.version });
  });
