import { describe, expect, it } from 'vitest';
import { CUSTOMER_COLUMNS } from '#functions/imports/customer-columns';
import { mapHeader, rowInput } from '#functions/imports/import-columns';
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
});
