import type { FeatureContracts } from '#shared/http/contract';
import {
  dictionaryIndexSchema,
  dictionaryListSchema,
  dictionaryTypeParams,
  emptyQuery,
  replaceDictionaryBody,
} from './dictionary.schema';

type DictionaryOperations = 'listDictionary' | 'getDictionaryType' | 'replaceDictionaryType';

const regionsExample = {
  type: 'regions',
  entries: [
    { code: 'north-china', label: '华北', active: true },
    { code: 'east-china', label: '华东', active: true },
    { code: 'overseas', label: '海外', active: false },
  ],
  usedCodes: ['east-china', 'overseas'],
  version: 3,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'admin',
  updatedAt: '2026-11-20T09:30:00.000Z',
  updatedBy: 'admin',
};

const list = { description: "One type's list, its version (ETag; 0 = built-in, never replaced) and the codes records use", schema: dictionaryListSchema, name: 'DictionaryList', example: regionsExample };

/** The contracts of the data-dictionary routes the admin function serves (see shared/http/contract.ts). */
export const dictionaryContracts = {
  listDictionary: {
    query: emptyQuery,
    responses: {
      200: { description: 'Every type of the dictionary, in a fixed order (not paged: seven small lists)', schema: dictionaryIndexSchema, name: 'Dictionary', example: { items: [regionsExample] } },
    },
  },
  getDictionaryType: { params: dictionaryTypeParams, responses: { 200: list } },
  replaceDictionaryType: {
    params: dictionaryTypeParams,
    body: replaceDictionaryBody,
    bodyName: 'ReplaceDictionaryRequest',
    bodyExample: {
      entries: [
        { code: 'north-china', label: '华北地区' },
        { code: 'east-china', label: '华东' },
        { code: 'overseas', label: '海外', active: false },
        { code: 'hong-kong-macao', label: '港澳' },
      ],
    },
    responses: { 200: { ...list, description: 'The list as replaced (version + 1)' } },
    // 409: a removed code is used by records (deactivate it instead).
    problems: [409],
  },
} satisfies Pick<FeatureContracts<'admin'>, DictionaryOperations>;
