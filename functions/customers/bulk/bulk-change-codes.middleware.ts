import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { DictionaryType } from '#shared/dictionary/dictionary';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { checkCodes, checkKnownCodes, type CodeUse } from '#shared/dictionary/lookup';
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

const GB_T_2260 = /^\d{6}$/;

/**
 * A bulk-update job's `filter` holds the customer list's filters: its dictionary codes must be known codes of their
 * lists (an inactive one still selects old records), as the list checks its query (customer-codes.middleware.ts,
 * `listFilterCodes`) — a 400 naming `body.filter.<field>`. A six-digit province or city is a GB/T 2260 code.
 */
export const bulkFilterCodes: MiddlewareObj<ApiEvent, HttpResult, Error, Context> = {
  before: async (request) => {
    const filter = ((request.event.crm.body ?? {}) as { filter?: Record<string, unknown> }).filter ?? {};
    const fields: [string, DictionaryType][] = [
      ...Object.entries(CUSTOMER_CODES),
      ...(['province', 'city'] as const).filter((field) => typeof filter[field] === 'string' && GB_T_2260.test(filter[field] as string)).map((field) => [field, field] as [string, DictionaryType]),
    ];
    const uses: CodeUse[] = fields.flatMap(([field, type]) => (typeof filter[field] === 'string' ? [{ type, code: filter[field] as string, path: `body.filter.${field}` }] : []));
    await checkKnownCodes(dictionaryCache(), uses);
  },
};
