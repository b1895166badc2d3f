import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { checkCodes, type CodeUse } from '#shared/dictionary/lookup';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import { CUSTOMER_CODES } from '#functions/customers/customer/customer-codes.middleware';

/** The bulk edit's dictionary-coded changes: level, region and industry (their lists as the customer update's). */
const CODED = ['level', 'region', 'industry'] as const;

/**
 * The codes of `changes` (a bulk edit's body, or a bulk-update job's) must be active codes of their lists, as on a
 * single customer update (customer-codes.middleware.ts): every unknown or inactive code in one 400 naming
 * `body.changes.<field>`, before anything is written. Place it after `validate()`.
 */
export const bulkChangeCodes: MiddlewareObj<ApiEvent, HttpResult, Error, Context> = {
  before: async (request) => {
    const changes = ((request.event.crm.body ?? {}) as { changes?: Record<string, unknown> }).changes ?? {};
    const uses: CodeUse[] = CODED.flatMap((field) => {
      const value = changes[field];
      return typeof value === 'string' ? [{ type: CUSTOMER_CODES[field]!, code: value, path: `body.changes.${field}` }] : [];
    });
    await checkCodes(dictionaryCache(), uses, { at: new Date().toISOString(), by: request.event.crm.principal.username });
  },
};
