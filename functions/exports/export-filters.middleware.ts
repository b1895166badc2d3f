import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { customFilterErrors } from '#shared/custom-fields/custom-values';
import type { DictionaryType } from '#shared/dictionary/dictionary';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { checkKnownCodes, type CodeUse } from '#shared/dictionary/lookup';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import { CUSTOMER_CODES } from '#functions/customers/customer/customer-codes.middleware';
import type { CreateExportInput } from './export.schema';

const GB_T_2260 = /^\d{6}$/;
const TIME_ORDERS = new Set(['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'lastOrderAt', '-lastOrderAt']);
const refusal = (errors: FieldError[]): DomainError => new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });

/**
 * The checks the list routes make beyond their query schema, on an export's `filters` (place it after `validate()`):
 * dictionary codes known (customers: level, region, industry, source, a six-digit province / city; activities: type
 * — an inactive code still finds old records), a customer name search only in name order, and the custom select
 * filters (`custom: {<key>: <code>}`, at most 5, active select fields and their options). Each refusal is a 400
 * naming `body.filters.<name>`, before anything is recorded or counted.
 */
export const exportFilterChecks: MiddlewareObj<ApiEvent<CreateExportInput>, HttpResult, Error, Context> = {
  before: async (request) => {
    const input = request.event.crm.body;
    const filters = input.filters as Record<string, unknown>;
    const at = (name: string) => `body.filters.${name}`;
    const codes: Record<string, DictionaryType> =
      input.entity === 'customers'
        ? {
            ...CUSTOMER_CODES,
            ...Object.fromEntries((['province', 'city'] as const).filter((field) => typeof filters[field] === 'string' && GB_T_2260.test(filters[field] as string)).map((field) => [field, field])),
          }
        : input.entity === 'activities'
          ? { type: 'activity-types' }
          : {};
    const uses: CodeUse[] = Object.entries(codes).flatMap(([field, type]) => (typeof filters[field] === 'string' ? [{ type, code: filters[field] as string, path: at(field) }] : []));
    await checkKnownCodes(dictionaryCache(), uses);
    if (input.entity !== 'customers') return;
    if (input.filters.q !== undefined && input.filters.sort !== undefined && TIME_ORDERS.has(input.filters.sort)) {
      throw refusal([{ path: at('sort'), message: 'Only name or -name with q.' }]);
    }
    const custom = input.filters.custom ?? {};
    if (Object.keys(custom).length === 0) return;
    if (Object.keys(custom).length > 5) throw refusal([{ path: at('custom'), message: 'At most 5 custom-field filters.' }]);
    const { errors } = customFilterErrors(await customFieldSource().definitionsOf('customer'), custom, 'body.filters');
    if (errors.length > 0) throw refusal(errors);
  },
};
