import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { DictionaryType } from '#shared/dictionary/dictionary';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';

/** The customer fields that always hold dictionary codes. */
export const CUSTOMER_CODES: Readonly<Record<string, DictionaryType>> = {
  level: 'customer-levels',
  region: 'regions',
  industry: 'industries',
  source: 'customer-sources',
};

const GB_T_2260 = /^\d{6}$/;

/**
 * The `province` / `city` fields of the body to check against their dictionary lists. They are codes for a
 * customer in China (country absent, cleared or `CN`), free text elsewhere:
 * - the body names the country (always so on create, where absent means China): checked when it is China;
 * - a PATCH that does not name it: the record's country decides, which only the update knows — six-digit values
 *   (the shape of a code) are checked here, and the update refuses any other value on a customer in China
 *   (customer.rules.ts, `profileErrors`). So a Chinese customer's province and city are always active codes.
 */
export const regionCodeFields = (body: Readonly<Record<string, unknown>>, operation: 'create' | 'update'): Record<string, DictionaryType> => {
  const countryKnown = operation === 'create' || 'country' in body;
  const country = body.country;
  const china = country === undefined || country === null || country === 'CN';
  if (countryKnown && !china) return {};
  const fields: Record<string, DictionaryType> = {};
  for (const field of ['province', 'city'] as const) {
    const value = body[field];
    if (typeof value === 'string' && (countryKnown || GB_T_2260.test(value))) fields[field] = field;
  }
  return fields;
};

/**
 * `dictionaryCodes` (shared/dictionary/middleware.ts) over the customer's code fields, the Chinese province and
 * city included when they are codes: every unknown or inactive code in one 400, nothing written.
 */
export const customerDictionaryCodes = (operation: 'create' | 'update'): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => ({
  before: async (request) => {
    const body = (request.event.crm.body ?? {}) as Record<string, unknown>;
    await dictionaryCodes({ ...CUSTOMER_CODES, ...regionCodeFields(body, operation) }).before?.(request);
  },
});

/** The list filters that are dictionary codes: known codes of their lists (inactive ones still find old records). */
export const listFilterCodes: MiddlewareObj<ApiEvent, HttpResult, Error, Context> = {
  before: async (request) => {
    const query = (request.event.crm.query ?? {}) as Record<string, unknown>;
    const regionCodes = Object.fromEntries(
      (['province', 'city'] as const).filter((field) => typeof query[field] === 'string' && GB_T_2260.test(query[field])).map((field) => [field, field]),
    ) as Record<string, DictionaryType>;
    await dictionaryCodes({ ...CUSTOMER_CODES, ...regionCodes }, { part: 'query' }).before?.(request);
  },
};
