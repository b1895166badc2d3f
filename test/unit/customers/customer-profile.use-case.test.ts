import { beforeEach, describe, expect, it } from 'vitest';
import { regionCodeFields } from '#functions/customers/customer/customer-codes.middleware';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { createCustomerBody, updateCustomerBody, type CreateCustomerInput } from '#functions/customers/customer/customer.schema';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import { ErrorCode } from '#shared/core/errors';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';

/** Issue 17: the customer fields users expect, and the rules between them (customer.rules.ts). */

const base = { name: '广州白云物流', level: 'ordinary', status: 'active' } as const;
const pathsOf = (error: unknown): string[] => ((error as { details?: { errors?: { path: string }[] } }).details?.errors ?? []).map((e) => e.path);

describe('customer profile fields: create', () => {
  let kit: ReturnType<typeof customerTestKit>;
  beforeEach(() => {
    kit = customerTestKit();
  });
  const create = (input: Partial<CreateCustomerInput>) => createCustomer(kit.deps, { caller: callers.sales, input: { ...base, ...input } });
  const refusal = async (input: Partial<CreateCustomerInput>): Promise<string[]> => {
    const error = await create(input).then(() => undefined, (caught: unknown) => caught);
    expect(error).toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(kit.customers.writes).toBe(0);
    return pathsOf(error);
  };

  it('stores every new field and defaults type to customer and kind to company', async () => {
    const { customer } = await create({
      email: 'Li.Lei@Example.cn', province: '440000', city: '440100', district: '白云区', employeeCount: 0, memo: '第一行\n第二行',
    });
    expect(customer).toMatchObject({
      type: 'customer', kind: 'company', email: 'Li.Lei@Example.cn', province: '440000', city: '440100', district: '白云区', employeeCount: 0, memo: '第一行\n第二行',
    });
    expect(kit.customers.customers.get(customer.id)).toMatchObject({ type: 'customer', kind: 'company', city: '440100' });
  });

  it('gives an individual customer a gender and a birthday, up to today', async () => {
    const { customer } = await create({ kind: 'person', gender: 'female', birthday: PINNED_NOW.toISOString().slice(0, 10) });
    expect(customer).toMatchObject({ kind: 'person', gender: 'female', birthday: '2026-11-22' });
  });

  it('refuses a gender or a birthday on a company, naming the field', async () => {
    expect(await refusal({ gender: 'male' })).toEqual(['body.gender']);
    expect(await refusal({ kind: 'company', birthday: '1980-01-01' })).toEqual(['body.birthday']);
  });

  it('refuses a birthday in the future', async () => {
    expect(await refusal({ kind: 'person', birthday: '2026-11-24' })).toEqual(['body.birthday']);
  });

  it('refuses a Chinese city outside its province, or without one, and a province that is not a code', async () => {
    expect(await refusal({ province: '110000', city: '440300' })).toEqual(['body.city']);
    expect(await refusal({ country: 'CN', city: '440300' })).toEqual(['body.province']);
    expect(await refusal({ province: '广东省' })).toEqual(['body.province']);
  });

  it('takes free-text province and city outside China', async () => {
    const { customer } = await create({ country: 'US', province: 'California', city: 'San Francisco', district: 'SoMa' });
    expect(customer).toMatchObject({ country: 'US', province: 'California', city: 'San Francisco' });
  });
});

describe('customer profile fields: update, judged on the record after the change', () => {
  let kit: ReturnType<typeof customerTestKit>;
  beforeEach(() => {
    kit = customerTestKit();
  });
  const seed = async (input: Partial<CreateCustomerInput>) => (await createCustomer(kit.deps, { caller: callers.sales, input: { ...base, ...input }, allowDuplicate: true })).customer;
  const update = (customerId: string, changes: Record<string, unknown>) =>
    updateCustomer(kit.deps, { caller: callers.sales, customerId, changes, expectedVersion: 1 });
  const refusal = async (customerId: string, changes: Record<string, unknown>): Promise<string[]> => {
    const before = structuredClone(kit.customers.customers.get(customerId));
    const error = await update(customerId, changes).then(() => undefined, (caught: unknown) => caught);
    expect(error).toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(kit.customers.customers.get(customerId)).toEqual(before);
    return pathsOf(error);
  };

  it('accepts a gender sent alone on a person, and refuses it on a company', async () => {
    const person = await seed({ kind: 'person' });
    const company = await seed({});
    await expect(update(person.id, { gender: 'male' })).resolves.toMatchObject({ gender: 'male', version: 2 });
    expect(await refusal(company.id, { gender: 'male' })).toEqual(['body.gender']);
  });

  it('refuses turning a person with a birthday into a company unless the birthday is cleared', async () => {
    const person = await seed({ kind: 'person', birthday: '1990-02-03' });
    expect(await refusal(person.id, { kind: 'company' })).toEqual(['body.birthday']);
    await expect(update(person.id, { kind: 'company', birthday: null })).resolves.toMatchObject({ kind: 'company', version: 2 });
  });

  it('judges a city sent alone against the stored province', async () => {
    const customer = await seed({ province: '440000', city: '440100' });
    expect(await refusal(customer.id, { city: '110100' })).toEqual(['body.city']);
    await expect(update(customer.id, { city: '440300' })).resolves.toMatchObject({ city: '440300' });
  });

  it('refuses a free-text province on a Chinese record, and takes it once the country changes', async () => {
    const customer = await seed({});
    expect(await refusal(customer.id, { province: 'Ontario' })).toEqual(['body.province']);
    await expect(update(customer.id, { country: 'CA', province: 'Ontario' })).resolves.toMatchObject({ country: 'CA', province: 'Ontario' });
  });

  it('makes a move into China send the province and city again', async () => {
    const customer = await seed({ country: 'CA', province: 'Ontario', city: 'Toronto' });
    expect(await refusal(customer.id, { country: 'CN' })).toEqual(['body.province', 'body.city']);
    expect(await refusal(customer.id, { country: 'CN', province: '440000' })).toEqual(['body.city']);
    await expect(update(customer.id, { country: null, province: '440000', city: '440300' })).resolves.toMatchObject({ province: '440000', city: '440300' });
  });
});

describe('customer profile fields: schemas and the dictionary fields checked', () => {
  it('refuses bad shapes, naming the field', () => {
    const bad = { name: 'x', email: 'not-an-address', country: 'cn', employeeCount: 1.5, type: 'vendor', kind: 'robot', gender: 'x', birthday: '1990-02-30', memo: 'm'.repeat(4001) };
    const result = createCustomerBody.safeParse(bad);
    expect(result.success).toBe(false);
    const fields = new Set(result.error?.issues.map((issue) => String(issue.path[0])));
    expect([...fields].sort()).toEqual(['birthday', 'country', 'email', 'employeeCount', 'gender', 'kind', 'memo', 'type'].sort());
    expect(createCustomerBody.safeParse({ name: 'x', employeeCount: 10_000_001 }).success).toBe(false);
    expect(createCustomerBody.safeParse({ name: 'x', email: `${'a'.repeat(250)}@b.cn` }).success).toBe(false);
    expect(updateCustomerBody.safeParse({ city: 'c'.repeat(101) }).success).toBe(false);
    expect(createCustomerBody.parse({ name: 'x' })).toMatchObject({ type: 'customer', kind: 'company' });
  });

  it('checks province and city against the dictionary for China only; on PATCH without a country, six-digit values', () => {
    expect(regionCodeFields({ province: '440000', city: '440300' }, 'create')).toEqual({ province: 'province', city: 'city' });
    expect(regionCodeFields({ province: '广东省' }, 'create')).toEqual({ province: 'province' });
    expect(regionCodeFields({ country: 'US', province: 'CA' }, 'create')).toEqual({});
    expect(regionCodeFields({ country: null, city: 'x' }, 'update')).toEqual({ city: 'city' });
    expect(regionCodeFields({ province: 'Ontario', city: '440300' }, 'update')).toEqual({ city: 'city' });
  });

  it('lists the 34 provincial-level divisions, and cities whose code starts with a province’s two digits', () => {
    const provinces = DEFAULT_DICTIONARY.province.map((entry) => entry.code);
    expect(provinces).toHaveLength(34);
    expect(DEFAULT_DICTIONARY.province.find((entry) => entry.code === '440000')?.label).toBe('广东省');
    const prefixes = new Set(provinces.map((code) => code.slice(0, 2)));
    for (const city of DEFAULT_DICTIONARY.city) expect(prefixes.has(city.code.slice(0, 2)), city.code).toBe(true);
    for (const code of ['110100', '120100', '310100', '500100', '440100', '440300']) expect(DEFAULT_DICTIONARY.city.some((entry) => entry.code === code)).toBe(true);
    // Every province except Taiwan, Hong Kong and Macau (no GB/T 2260 city codes) has at least its capital.
    for (const prefix of prefixes) if (!['71', '81', '82'].includes(prefix)) expect(DEFAULT_DICTIONARY.city.some((entry) => entry.code === `${prefix}0100`), prefix).toBe(true);
  });
});
