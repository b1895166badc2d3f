import type { FeatureContracts } from '#shared/http/contract';
import {
  createCustomFieldBody,
  customFieldIdParams,
  customFieldListSchema,
  customFieldSchema,
  listCustomFieldsQuery,
  updateCustomFieldBody,
} from './custom-field.schema';

type CustomFieldOperations = 'listCustomFields' | 'createCustomField' | 'updateCustomField';

const tierExample = {
  id: '01JD3F4G5H6J7K8M9N0P1Q2R3S',
  entityType: 'customer',
  key: 'tier',
  label: '客户分层',
  type: 'singleSelect',
  required: false,
  options: [
    { code: 'gold', label: '金牌', active: true },
    { code: 'silver', label: '银牌', active: true },
    { code: 'bronze', label: '铜牌', active: false },
  ],
  active: true,
  order: 10,
  version: 2,
  createdAt: '2026-11-02T08:15:00.000Z',
  createdBy: 'admin',
  updatedAt: '2026-11-20T09:30:00.000Z',
  updatedBy: 'admin',
};

const field = { description: 'The custom-field definition', schema: customFieldSchema, name: 'CustomField', example: tierExample };

/** The contracts of the custom-field routes the admin function serves (see shared/http/contract.ts). */
export const customFieldContracts = {
  listCustomFields: {
    query: listCustomFieldsQuery,
    responses: {
      200: { description: 'The definitions in display order (order, then key); not paged: at most 50 per entity type', schema: customFieldListSchema, name: 'CustomFieldList', example: { items: [tierExample], nextCursor: null } },
    },
  },
  createCustomField: {
    body: createCustomFieldBody,
    bodyName: 'CreateCustomFieldRequest',
    bodyExample: { entityType: 'customer', key: 'tier', label: '客户分层', type: 'singleSelect', options: [{ code: 'gold', label: '金牌' }, { code: 'silver', label: '银牌' }], order: 10 },
    responses: { 201: { ...field, description: 'The field as defined (version 1)' } },
    // 409: the key is already defined for the entity type.
    problems: [409],
  },
  updateCustomField: {
    params: customFieldIdParams,
    body: updateCustomFieldBody,
    bodyName: 'UpdateCustomFieldRequest',
    bodyExample: { label: '客户分层', options: [{ code: 'gold', label: '金牌' }, { code: 'silver', label: '银牌' }, { code: 'bronze', label: '铜牌', active: false }] },
    responses: { 200: { ...field, description: 'The field as changed (version + 1)' } },
  },
} satisfies Pick<FeatureContracts<'admin'>, CustomFieldOperations>;
