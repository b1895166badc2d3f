import { describe, expect, it } from 'vitest';
import { changesBetween } from '#shared/audit/audit';
import type { CustomFieldDefinition, CustomFieldType } from '#shared/custom-fields/custom-field';
import { customFilterClauses } from '#shared/custom-fields/custom-filter-expression';
import {
  createdValues,
  customFilterErrors,
  customValueErrors,
  mergeCustomValues,
  valueProblem,
  withMergedCustomValues,
} from '#shared/custom-fields/custom-values';

const AT = '2026-12-06T10:00:00.000Z';
const field = (key: string, type: CustomFieldType, extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  id: `01JD000000000000000000${key.length.toString().padStart(4, '0')}`,
  entityType: 'customer',
  key,
  label: key,
  type,
  required: false,
  active: true,
  order: 0,
  version: 1,
  createdAt: AT,
  createdBy: 'admin',
  updatedAt: AT,
  updatedBy: 'admin',
  ...(type === 'singleSelect' || type === 'multiSelect'
    ? { options: [{ code: 'gold', label: '金', active: true }, { code: 'silver', label: '银', active: true }, { code: 'old', label: '旧', active: false }] }
    : {}),
  ...extra,
});

describe('custom values: one value against its field (every type)', () => {
  const cases: [CustomFieldType, unknown[], unknown[]][] = [
    // type, accepted, refused
    ['text', ['a', '北京石油', 'x'.repeat(255)], ['', '   ', 'x'.repeat(256), 'a\nb', 'a\u0000', 1, true, null, ['a'], {}]],
    ['longText', ['a\nb\tc', 'x'.repeat(10_000)], ['', 'x'.repeat(10_001), 'a\u0007', 5, false, { text: 'a' }]],
    ['number', [0, -3.5, 42, Number.MAX_SAFE_INTEGER], ['1', Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, true, null, [1]]],
    [
      'money',
      [{ amount: 0, currency: 'CNY' }, { amount: 123_45, currency: 'USD' }],
      [{ amount: -1, currency: 'CNY' }, { amount: 1.5, currency: 'CNY' }, { amount: 1, currency: 'cny' }, { amount: 1 }, { amount: 1, currency: 'CNY', extra: 1 }, 100, '100 CNY', [1, 'CNY'], { amount: '1', currency: 'CNY' }],
    ],
    ['date', ['2026-05-31', '2024-02-29', '0001-01-01'], ['2026-02-30', '2025-02-29', '2026-13-01', '2026-5-31', '2026-05-31T00:00:00Z', 20260531, '']],
    ['boolean', [true, false], ['true', 0, 1, null, 'yes']],
    ['singleSelect', ['gold', 'silver'], ['old', 'platinum', 'GOLD', '', ['gold'], 1, '__proto__', '#:']],
    ['multiSelect', [['gold'], ['gold', 'silver']], [[], ['gold', 'gold'], ['old'], ['platinum'], 'gold', [1], [['gold']], {}]],
  ];
  for (const [type, accepted, refused] of cases) {
    it(`${type}: accepts ${accepted.length} values, refuses ${refused.length}`, () => {
      const definition = field('f', type);

      const acceptedProblems = accepted.map((value) => valueProblem(definition, value));
      const refusedProblems = refused.map((value) => valueProblem(definition, value));

      expect(acceptedProblems).toEqual(accepted.map(() => undefined));
      expect(refusedProblems.every((problem) => typeof problem === 'string' && problem.length > 0)).toBe(true);
    });
  }

  it('names why an option is refused: unknown vs inactive', () => {
    const tier = field('tier', 'singleSelect');

    expect(valueProblem(tier, 'platinum')).toContain('Unknown option');
    expect(valueProblem(tier, 'old')).toContain('inactive');
  });
});

describe('custom values: a request against the definitions', () => {
  const definitions = [
    field('tier', 'singleSelect', { required: true }),
    field('budget', 'money'),
    field('legacyCode', 'text', { active: false }),
    field('retiredRequired', 'text', { active: false, required: true }),
  ];

  it('accepts a create with every required active field, and nothing else to say', () => {
    expect(customValueErrors(definitions, { tier: 'gold', budget: { amount: 100, currency: 'CNY' } }, 'create')).toEqual([]);
  });

  it('refuses, on create, a missing or null required field (an inactive required one is not asked for)', () => {
    const missing = customValueErrors(definitions, undefined, 'create');
    const nulled = customValueErrors(definitions, { tier: null }, 'create');

    expect(missing).toEqual([{ path: 'body.custom.tier', message: 'Required.' }]);
    expect(nulled).toEqual([{ path: 'body.custom.tier', message: 'Required.' }]);
  });

  it('refuses an unknown key, naming it', () => {
    const errors = customValueErrors(definitions, { tier: 'gold', nickname: 'x' }, 'create');

    expect(errors).toEqual([{ path: 'body.custom.nickname', message: expect.stringContaining('Unknown custom field `nickname`') }]);
  });

  it('refuses a new value for a deactivated field, but lets an update clear it', () => {
    const set = customValueErrors(definitions, { legacyCode: 'A-1' }, 'update');
    const cleared = customValueErrors(definitions, { legacyCode: null }, 'update');

    expect(set).toEqual([{ path: 'body.custom.legacyCode', message: expect.stringContaining('deactivated') }]);
    expect(cleared).toEqual([]);
  });

  it('on update: checks only the keys sent; a required active field cannot be cleared', () => {
    expect(customValueErrors(definitions, { budget: null }, 'update')).toEqual([]);
    expect(customValueErrors(definitions, { tier: null }, 'update')).toEqual([{ path: 'body.custom.tier', message: 'Required: it cannot be cleared.' }]);
  });

  it('reports every bad field at once, each by name', () => {
    const errors = customValueErrors(definitions, { tier: 'platinum', budget: 12, ghost: 1 }, 'update');

    expect(errors.map((error) => error.path)).toEqual(['body.custom.tier', 'body.custom.budget', 'body.custom.ghost']);
  });

  it('treats prototype keys as unknown keys, never as definitions', () => {
    const input = JSON.parse('{"__proto__": "gold", "constructor": 1}') as Record<string, unknown>;

    const errors = customValueErrors(definitions, input, 'update');

    expect(errors.map((error) => error.path)).toEqual(['body.custom.__proto__', 'body.custom.constructor']);
  });
});

describe('custom values: storing them', () => {
  it('stores a create without its nulls, and nothing when nothing is left', () => {
    expect(createdValues({ a: 1, b: null })).toEqual({ a: 1 });
    expect(createdValues({ b: null })).toBeUndefined();
    expect(createdValues(undefined)).toBeUndefined();
  });

  it('merges a PATCH: values replace, null removes, absent keys stay; null when nothing is left', () => {
    expect(mergeCustomValues({ a: 1, b: 'x' }, { b: 'y', c: true })).toEqual({ a: 1, b: 'y', c: true });
    expect(mergeCustomValues({ a: 1, b: 'x' }, { a: null })).toEqual({ b: 'x' });
    expect(mergeCustomValues({ a: 1 }, { a: null })).toBeNull();
    expect(mergeCustomValues({ a: 1 }, undefined)).toBeUndefined();
  });

  it('turns an update plan with a custom PATCH into a write of the merged map, or its removal', () => {
    const plan = { set: { name: 'n', custom: { a: null, b: 2 } }, remove: ['memo'] };

    expect(withMergedCustomValues(plan, { a: 1 })).toEqual({ set: { name: 'n', custom: { b: 2 } }, remove: ['memo'] });
    expect(withMergedCustomValues({ set: { custom: { a: null } } }, { a: 1 })).toEqual({ set: {}, remove: ['custom'] });
    expect(withMergedCustomValues({ set: { name: 'n' } }, { a: 1 })).toEqual({ set: { name: 'n' } });
  });

  it('reports custom values to the audit trail one change per custom.<key>', () => {
    const changes = changesBetween({ name: 'A', custom: { tier: 'gold', size: 3 } }, { name: 'A', custom: { tier: 'silver', note: 'n' } });

    expect(changes).toEqual([
      { field: 'custom.tier', old: 'gold', new: 'silver' },
      { field: 'custom.note', new: 'n' },
      { field: 'custom.size', old: 3 },
    ]);
  });
});

describe('custom-field list filters', () => {
  const definitions = [field('tier', 'singleSelect'), field('tags2', 'multiSelect'), field('note', 'text'), field('gone', 'singleSelect', { active: false })];

  it('accepts an active select field with one of its options (an inactive option still finds old records)', () => {
    const { errors, filters } = customFilterErrors(definitions, { tier: 'old', tags2: 'gold' });

    expect(errors).toEqual([]);
    expect(filters).toEqual([
      { key: 'tier', code: 'old', match: 'equals' },
      { key: 'tags2', code: 'gold', match: 'contains' },
    ]);
  });

  it('refuses a key that is not an active select field, or an unknown option, naming query.custom.<key>', () => {
    const { errors } = customFilterErrors(definitions, { note: 'x', gone: 'gold', ghost: 'a', tier: 'platinum' });

    expect(errors.map((error) => error.path)).toEqual(['query.custom.note', 'query.custom.gone', 'query.custom.ghost', 'query.custom.tier']);
  });

  it('builds FilterExpression clauses with placeholders only (no key or code in the expression text)', () => {
    const built = customFilterClauses([
      { key: 'tier', code: 'gold', match: 'equals' },
      { key: 'tags2', code: 'a#b', match: 'contains' },
    ]);

    expect(built.clauses).toEqual(['#cf.#cf0 = :cf0', 'contains(#cf.#cf1, :cf1)']);
    expect(built.names).toEqual({ '#cf': 'custom', '#cf0': 'tier', '#cf1': 'tags2' });
    expect(built.values).toEqual({ ':cf0': 'gold', ':cf1': 'a#b' });
  });
});
