import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { customFilterErrors } from '#shared/custom-fields/custom-values';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';

/**
 * An audience's custom-field filters (`audience.custom`, key → option code) are checked against the customer custom
 * fields' current definitions as the customer list's `?custom.<key>=` are: an active select field and one of its
 * options, else 400 naming `body.audience.custom.<key>` — before the use case, so nothing is written. Place it
 * right after `validate()`; it reads the definitions only when the body has such filters.
 */
export const audienceCustomFields: MiddlewareObj<ApiEvent, HttpResult, Error, Context> = {
  before: async (request) => {
    const body = request.event.crm.body as { audience?: { custom?: Record<string, string> } | null } | undefined;
    const custom = body?.audience?.custom;
    if (!custom || Object.keys(custom).length === 0) return;
    const { errors } = customFilterErrors(await customFieldSource().definitionsOf('customer'), custom, 'body.audience');
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });
  },
};
