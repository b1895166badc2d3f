import { describe, expect, it } from 'vitest';
import { CUSTOMER_COLUMNS } from '#functions/imports/customer-columns';
import { customColumns, mapHeader, rowInput } from '#functions/imports/import-columns';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { defaultListOf, DICTIONARY_TYPES, type DictionarySnapshot } from '#shared/dictionary/dictionary';

const snapshot: DictionarySnapshot = { lists: new Map(DICTIONARY_TYPES.map((type) => [type, defaultListOf(type)])), used: new Set() };

describe('import columns', () => {
  it('maps English and Chinese header names, any case and spacing, to the API fields', () => {
    // Act
    const { mapping, errors } = mapHeader(['客户名称', 'Level', ' e-mail ', '标签', ''], CUSTOMER_COLUMNS, ['name']);

    // Assess
    expect(errors).toEqual([]);
    expect(mapping!.columns.map((column) => column?.field)).toEqual(['name', 'level', 'email', 'tags', undefined]);
  });

  it("reads an export's header: its money currency columns, province and city names, and reads past its read-only columns", () => {
    // Prepare — the order of a customers export (functions/exports/export-columns.ts), a custom money field last.
    const budget = { id: 'f1', entityType: 'customer', key: 'budget', label: '预算', type: 'money', required: false, active: true, order: 1, version: 1, createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' } as CustomFieldDefinition;
    const header = ['ID', 'Customer no.', 'Name', 'Owner ID', 'Owner', 'Province', 'City', 'Registered capital', 'Registered capital currency', 'Lifetime value', 'Lifetime value currency', 'Created at', '预算', '预算 currency'];
    const cells = ['01JNW8Y3C5K7Q2V9R4T6M80001', 'C1', '甲', 'am1', '客户经理一', '广东省', '深圳市', '1234.56', 'USD', '88', 'CNY', '2026-03-02T08:15:00.000Z', '10', 'eur'];

    // Act
    const { mapping, errors } = mapHeader(header, [...CUSTOMER_COLUMNS, ...customColumns([budget])], ['name']);
    const row = rowInput(cells, mapping!, snapshot);

    // Assess
    expect(errors).toEqual([]);
    expect(row).toEqual({
      input: {
        customerNo: 'C1', name: '甲', ownerId: 'am1', province: '440000', city: '440300',
        registeredCapital: { amount: 123_456, currency: 'USD' }, custom: { budget: { amount: 1_000, currency: 'EUR' } },
      },
      errors: [],
    });
  });

  it('names every unknown or repeated column and a missing required one', () => {
    // Act
    const { mapping, errors } = mapHeader(['level', 'colour', '等级'], CUSTOMER_COLUMNS, ['name']);

    // Assess
    expect(mapping).toBeUndefined();
    expect(errors).toEqual([
      { path: 'header[2]', message: 'Unknown column "colour".' },
      { path: 'header[3]', message: 'Column "等级" repeats the field level.' },
      { path: 'header', message: 'The required column name is missing.' },
    ]);
  });

  it('turns cells into typed input: labels to codes, numbers, lists, enum labels; empty cells are absent', () => {
    // Prepare
    const { mapping } = mapHeader(['名称', '客户等级', '信用度', '标签', '状态', '备注'], CUSTOMER_COLUMNS, ['name']);

    // Act
    const { input, errors } = rowInput(['北京石油', '重点开发客户', '4', '石油、国企;北京', '停用', ''], mapping!, snapshot);

    // Assess
    expect(errors).toEqual([]);
    expect(input).toEqual({ name: '北京石油', level: 'key-prospect', credit: 4, tags: ['石油', '国企', '北京'], status: 'inactive' });
  });

  it('refuses formulas and non-numbers per cell, naming the field; a phone number with + is not a formula', () => {
    // Prepare
    const { mapping } = mapHeader(['name', 'credit', 'phone', 'memo'], CUSTOMER_COLUMNS, ['name']);

    // Act
    const { input, errors } = rowInput(['=cmd|"/c calc"!A1', 'three', '+86 10 5555 0101', '@SUM(A1)'], mapping!, snapshot);

    // Assess
    expect(errors.map((error) => error.path)).toEqual(['name', 'credit', 'memo']);
    expect(input).toEqual({ phone: '+86 10 5555 0101' });
  });
  describe('custom-field columns', () => {
    const field = (key: string, type: CustomFieldDefinition['type'], extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
      id: key, entityType: 'customer', key, label: key, type, required: false, active: true, order: 0, version: 1,
      createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin', ...extra,
    });
    const options = [{ code: 'gold', label: '金牌', active: true }, { code: 'silver', label: '银牌', active: true }];
    const definitions = [
      field('tier', 'singleSelect', { label: '等级（扩展）', options }),
      field('regions', 'multiSelect', { options }),
      field('budget', 'money'),
      field('since', 'date'),
      field('vip', 'boolean'),
      field('size', 'number'),
      field('memoX', 'text', { label: '备注' }),
      field('old', 'text', { active: false }),
    ];

    it('maps `custom.<key>` and labels to active fields; a label a built-in column answers to stays the built-in\'s', () => {
      // Act
      const { mapping, errors } = mapHeader(['name', '等级（扩展）', 'Custom.Regions', '备注', 'custom.old'], [...CUSTOMER_COLUMNS, ...customColumns(definitions)], ['name']);

      // Assess
      expect(mapping).toBeUndefined();
      expect(errors).toEqual([{ path: 'header[5]', message: 'Unknown column "custom.old".' }]);
      const known = mapHeader(['name', '等级（扩展）', 'Custom.Regions', '备注', 'custom.memoX'], [...CUSTOMER_COLUMNS, ...customColumns(definitions)], ['name']);
      expect(known.mapping!.columns.map((column) => column?.field)).toEqual(['name', 'custom.tier', 'custom.regions', 'memo', 'custom.memoX']);
    });

    it('reads spreadsheet forms into API values under `custom`: labels to codes, amounts to minor units, yes/no, dates', () => {
      // Prepare
      const { mapping } = mapHeader(['name', 'custom.tier', 'custom.regions', 'custom.budget', 'custom.since', 'custom.vip', 'custom.size'], [...CUSTOMER_COLUMNS, ...customColumns(definitions)], ['name']);

      // Act
      const { input, errors } = rowInput(['甲', '金牌', '银牌、gold', 'USD 1,200.5', '2026/5/31', '是', '1,024'], mapping!, snapshot);

      // Assess
      expect(errors).toEqual([]);
      expect(input).toEqual({
        name: '甲',
        custom: { tier: 'gold', regions: ['silver', 'gold'], budget: { amount: 120050, currency: 'USD' }, since: '2026-05-31', vip: true, size: 1024 },
      });
    });

    it('names the custom column of a cell it cannot read, and refuses a formula there too', () => {
      // Prepare
      const { mapping } = mapHeader(['name', 'custom.budget', 'custom.vip', 'custom.size', 'custom.memoX'], [...CUSTOMER_COLUMNS, ...customColumns(definitions)], ['name']);

      // Act
      const { input, errors } = rowInput(['乙', '12.345', 'maybe', 'many', '=1+1'], mapping!, snapshot);

      // Assess
      expect(errors.map((error) => error.path)).toEqual(['custom.budget', 'custom.vip', 'custom.size', 'custom.memoX']);
      expect(input).toEqual({ name: '乙' });
    });
  });
});
