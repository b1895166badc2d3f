import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import type { DictionaryType } from './dictionary';
import { dictionaryCache } from './dictionary.container';
import { checkCodes, checkKnownCodes, type CodeUse } from './lookup';

/**
 * Checks the body fields that hold dictionary codes: place it right after `validate()`, which has already
 * checked their shape. An unknown or inactive code is a 400 naming the field (`body.<field>`), before the use
 * case runs, so nothing is written. Fields that are absent or `null` (cleared) are not checked.
 *
 * It is a transport concern like `validate()`: the use cases stay free of it (and of its cache), and their unit
 * tests are unchanged. See shared/dictionary/lookup.ts for the cache and the "used" marker.
 *
 * With `{ part: 'query' }` it checks list filters instead: a code not in its list is a 400 (`query.<field>`), an
 * inactive one is accepted and nothing is marked.
 */
export const dictionaryCodes = (
  fields: Readonly<Record<string, DictionaryType>>,
  options: { part?: 'body' | 'query' } = {},
): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => {
  const part = options.part ?? 'body';
  return {
    before: async (request) => {
      const input = (request.event.crm[part] ?? {}) as Record<string, unknown>;
      const uses: CodeUse[] = Object.entries(fields).flatMap(([field, type]) => {
        const value = input[field];
        return typeof value === 'string' ? [{ type, code: value, path: `${part}.${field}` }] : [];
      });
      if (part === 'query') await checkKnownCodes(dictionaryCache(), uses);
      else await checkCodes(dictionaryCache(), uses, { at: new Date().toISOString(), by: request.event.crm.principal.username });
    },
  };
};
