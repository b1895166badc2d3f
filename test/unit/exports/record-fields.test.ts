import { describe, expect, it } from 'vitest';
import { exportColumns } from '#functions/exports/export-columns';
import { csvValue } from '#functions/exports/export-file.writer';
import type { ExportEntity } from '#functions/exports/export.schema';
import { CONTACT_COLUMNS } from '#functions/imports/contact-columns';
import { CUSTOMER_COLUMNS } from '#functions/imports/customer-columns';
import { customColumns, mapHeader, rowInput, type ColumnSpec } from '#functions/imports/import-columns';
import { PRODUCT_COLUMNS } from '#functions/imports/product-columns';
import { buildOpenApiDocument } from '#scripts/openapi-document';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { defaultListOf, DICTIONARY_TYPES, type DictionarySnapshot } from '#shared/dictionary/dictionary';

/**
 * Issue 17, item 1, line by line: each new field of customers, contacts, activities, products and opportunities is
 * in OpenAPI (the record, its create and its update), and — where the entity is imported or exported — survives an
 * export → import round trip cell by cell (codes written as labels and read back as codes). The audit trail is the
 * generic field diff (shared/audit/audit.ts); the e2e files named in the issue's check (notes) show it per entity.
 */
const snapshot: DictionarySnapshot = { lists: new Map(DICTIONARY_TYPES.map((type) => [type, defaultListOf(type)])), used: new Set() };
const schemas = (buildOpenApiDocument() as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }).components.schemas;
const propertiesOf = (name: string): string[] => Object.keys(schemas[name]?.properties ?? {});

const ISSUE_17_FIELDS = {
  customer: ['email', 'country', 'province', 'city', 'district', 'employeeCount', 'type', 'memo', 'kind', 'gender', 'birthday'],
  contact: ['salutation', 'department', 'address', 'homePhone', 'fax', 'wechat'],
  activity: ['participants', 'result'],
  product: ['description', 'category', 'costPrice', 'reorderLevel'],
  opportunity: ['source'],
} as const;

const SCHEMA_NAMES = {
  customer: ['Customer', 'CreateCustomerRequest', 'UpdateCustomerRequest'],
  contact: ['Contact', 'CreateContactRequest', 'UpdateContactRequest'],
  activity: ['Activity', 'CreateActivityRequest', 'UpdateActivityRequest'],
  product: ['Product', 'CreateProductRequest', 'UpdateProductRequest'],
  opportunity: ['Opportunity', 'CreateOpportunityRequest', 'UpdateOpportunityRequest'],
} as const;

const field = (key: string, type: CustomFieldDefinition['type'], entityType: CustomFieldDefinition['entityType'], extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  id: key, entityType, key, label: key, type, required: false, active: true, order: 0, version: 1,
  createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin', ...extra,
});

/** The record exported as one CSV row (header and cells as the CSV writer writes them), then read by the import. */
const roundTrip = (entity: ExportEntity, record: Record<string, unknown>, specs: readonly ColumnSpec[], definitions: CustomFieldDefinition[] = []) => {
  const columns = exportColumns(entity, snapshot, definitions);
  const header = columns.map((column) => column.header);
  const cells = columns.map((column) => {
    const value = csvValue(column.cell({ record }), column.kind);
    return value === null ? '' : String(value);
  });
  const { mapping, errors } = mapHeader(header, [...specs, ...customColumns(definitions)], ['name']);
  expect(errors).toEqual([]);
  return { row: Object.fromEntries(header.map((name, index) => [name, cells[index]])), ...rowInput(cells, mapping!, snapshot) };
};

describe('issue 17 fields line by line', () => {
  it.each(Object.entries(ISSUE_17_FIELDS))('%s: every new field is in the OpenAPI record, create and update schemas', (entity, fields) => {
    for (const name of SCHEMA_NAMES[entity as keyof typeof SCHEMA_NAMES]) {
      expect(propertiesOf(name), name).toEqual(expect.arrayContaining([...fields]));
    }
  });

  it('customer: each new field is exported and imports back as the API value (province and city by label), custom values too', () => {
    // Prepare — a person in Shenzhen with every issue-17 field, and a custom select field.
    const tier = field('tier', 'singleSelect', 'customer', { label: '等级（扩展）', options: [{ code: 'gold', label: '金牌', active: true }] });
    const person = {
      name: '张三', email: 'zhang@example.cn', country: '中国', province: '440000', city: '440300', district: '南山区', employeeCount: 12,
      type: 'partner', memo: '备注', kind: 'person', gender: 'female', birthday: '1980-05-31', custom: { tier: 'gold' },
    };

    // Act
    const { row, input, errors } = roundTrip('customers', person, CUSTOMER_COLUMNS, [tier]);

    // Assess
    expect(errors).toEqual([]);
    expect(row).toMatchObject({ Province: '广东省', City: '深圳市', Birthday: '1980-05-31', '等级（扩展）': '金牌' });
    expect(input).toEqual(person);
  });

  it('contact: each new field is exported and imports back as the API value, custom values too', () => {
    // Prepare
    const group = field('group', 'multiSelect', 'contact', { label: '客户群', options: [{ code: 'east', label: '华东', active: true }, { code: 'south', label: '华南', active: true }] });
    const contact = {
      name: '李雷', salutation: '先生', department: '采购部', address: '北京市朝阳区建国路 88 号', homePhone: '010 6500 0000', fax: '010-6500-0001',
      wechat: 'li_lei88', custom: { group: ['east', 'south'] },
    };

    // Act
    const { row, input, errors } = roundTrip('contacts', contact, CONTACT_COLUMNS, [group]);

    // Assess
    expect(errors).toEqual([]);
    expect(row).toMatchObject({ WeChat: 'li_lei88', 'Home phone': '010 6500 0000', 客户群: '华东; 华南' });
    expect(input).toEqual(contact);
  });

  it('activity: the result and both kinds of participants are exported (contacts by name, a removed one by id)', () => {
    // Prepare
    const activity = {
      id: 'a1', customerId: 'c1', type: 'visit', title: '拜访', result: '签约意向', participants: { staff: ['am1', 'sales'], contacts: ['k1', 'k2'] },
      participantContacts: [{ id: 'k1', name: '王芳', removed: false }, { id: 'k2', removed: true }],
    };

    // Act
    const columns = exportColumns('activities', snapshot, []);
    const row = Object.fromEntries(columns.map((column) => [column.header, column.cell({ record: activity })]));

    // Assess
    expect(row).toMatchObject({ Result: '签约意向', 'Staff participants': 'am1; sales', 'Contact participants': '王芳; k2' });
  });

  it('order: custom values are exported as columns headed by their labels (money as amount and currency)', () => {
    // Prepare
    const deposit = field('deposit', 'money', 'order', { label: '定金' });
    const rush = field('rush', 'boolean', 'order', { label: '加急' });

    // Act
    const columns = exportColumns('orders', snapshot, [deposit, rush]);
    const row = Object.fromEntries(columns.map((column) => [column.header, column.cell({ record: { id: 'o1', custom: { deposit: { amount: 1_250, currency: 'CNY' }, rush: true } } })]));

    // Assess
    expect(row).toMatchObject({ 定金: 12.5, '定金 currency': 'CNY', 加急: true });
  });

  it('product: each new field imports from its API name and its Chinese header (category by label, prices in yuan)', () => {
    // Prepare
    const header = ['code', 'name', 'unit', 'unitPrice', 'description', '产品类别', '成本价', 'reorderLevel'];
    const category = defaultListOf('product-category').entries[0]!;

    // Act
    const { mapping, errors: headerErrors } = mapHeader(header, PRODUCT_COLUMNS, ['code', 'name', 'unit', 'unitPrice']);
    const { input, errors } = rowInput(['P-1', '齿轮泵', '台', '120', '316 不锈钢', category.label, '61.50', '3'], mapping!, snapshot);

    // Assess
    expect([...headerErrors, ...errors]).toEqual([]);
    expect(input).toMatchObject({ description: '316 不锈钢', category: category.code, costPrice: { amount: 6_150, currency: 'CNY' }, reorderLevel: 3 });
  });
});
