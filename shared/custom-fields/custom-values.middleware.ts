import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import type { CustomFieldEntityType, CustomFieldFilter } from './custom-field';
import { customFieldSource } from './custom-fields.container';
import { createdValues, customFilterErrors, customValueErrors } from './custom-values';

const refusal = (errors: FieldError[]): DomainError => new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });

/**
 * Checks the body's `custom` values against the entity type's current definitions (custom-values.ts): place it
 * right after `validate()`, which has checked their JSON shape. A bad value is a 400 naming `body.custom.<key>`,
 * before the use case runs, so nothing is written.
 *
 * - `create`: always reads the definitions (an active required field must be there even when `custom` is absent),
 *   then leaves in the body only the values to store (nulls dropped; `custom` removed when empty).
 * - `update`: reads them only when the body has `custom`; the use case merges the PATCH into the stored values
 *   (`mergeCustomValues`).
 *
 * A transport concern like `dictionaryCodes` (shared/dictionary/middleware.ts): the use cases stay free of it.
 */
export const customValues = (
  entityType: CustomFieldEntityType,
  operation: 'create' | 'update',
): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => ({
  before: async (request) => {
    const body = request.event.crm.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return;
    const input = body.custom as Record<string, unknown> | null | undefined;
    if (operation === 'update' && (input === undefined || input === null)) return;
    const definitions = await customFieldSource().definitionsOf(entityType);
    const errors = customValueErrors(definitions, input ?? undefined, operation);
    if (errors.length > 0) throw refusal(errors);
    if (operation === 'create') {
      const values = createdValues(input ?? undefined);
      if (values) body.custom = values;
      else delete body.custom;
    }
  },
});

const FILTER_PREFIX = 'custom.';
const filtersOfEvent = new WeakMap<object, CustomFieldFilter[]>();

/**
 * List filters on select fields, `?custom.<key>=<code>`: place it BEFORE `validate()`. It takes the `custom.*`
 * parameters out of the query (the strict query schema never sees them), checks each key is an active select field
 * and the code one of its options (400 naming `query.custom.<key>` otherwise), and keeps the filters for the handler
 * (`customFiltersOf`). At most five such filters.
 */
export const customFieldFilters = (entityType: CustomFieldEntityType): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => ({
  before: async (request) => {
    const query = request.event.queryStringParameters;
    if (!query) return;
    const requested = Object.entries(query).filter(([name]) => name.startsWith(FILTER_PREFIX));
    if (requested.length === 0) return;
    request.event.queryStringParameters = Object.fromEntries(Object.entries(query).filter(([name]) => !name.startsWith(FILTER_PREFIX)));
    if (requested.length > 5) throw refusal([{ path: 'query.custom', message: 'At most 5 custom-field filters.' }]);
    const definitions = await customFieldSource().definitionsOf(entityType);
    const { errors, filters } = customFilterErrors(
      definitions,
      Object.fromEntries(requested.map(([name, value]) => [name.slice(FILTER_PREFIX.length), value ?? ''])),
    );
    if (errors.length > 0) throw refusal(errors);
    filtersOfEvent.set(request.event, filters);
  },
});

/** The custom-field filters `customFieldFilters` accepted for this request (none: an empty list). */
export const customFiltersOf = (event: object): CustomFieldFilter[] => filtersOfEvent.get(event) ?? [];
