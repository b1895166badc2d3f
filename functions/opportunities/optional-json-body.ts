import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { jsonBody, type ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';

/**
 * For actions whose body is optional (win): no body at all is `{}`; any body sent is parsed by the shared
 * `jsonBody()` with its size cap, content-type check and malformed-JSON answer.
 */
export const optionalJsonBody = (): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => {
  const parser = jsonBody();
  return {
    before: async (request) => {
      const { body } = request.event;
      if (body === undefined || body === null || body === '') {
        (request.event as { body: unknown }).body = {};
        return;
      }
      await parser.before?.(request);
    },
  };
};
