import { describe, expect, it } from 'vitest';
import { addedKeys, duplicateKeysOf, emailDomainKeyOf, normalizedCompanyName, phoneKeyOf, removedKeys, taxKeyOf } from '#shared/duplicates/duplicate-keys';

describe('duplicate keys: the normaliser', () => {
  it.each([
    ['北京石油化工集团有限公司', '北京石油化工'],
    ['北京石油化工股份有限公司', '北京石油化工'],
    ['北京石油化工有限责任公司', '北京石油化工'],
    ['北京石油化工集团', '北京石油化工'],
    ['ＡＣＭＥ　Ｔｒａｄｉｎｇ Co., Ltd.', 'acmetrading'],
    ['Acme Trading Inc.', 'acmetrading'],
    ['acme-trading LLC', 'acmetrading'],
    ['  ACME   trading ', 'acmetrading'],
    ['Zinc', 'zinc'],
    ['有限公司', '有限'],
  ])('files %s under the name %s', (name, key) => {
    // Act / Assess
    expect(normalizedCompanyName(name)).toBe(key);
  });

  it('gives no name key to a name of punctuation only', () => {
    expect(normalizedCompanyName('--- ...')).toBeUndefined();
  });

  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['+86 10 6552 9988', '01065529988'],
    ['010-65529988', '01065529988'],
    ['（010）６５５２９９８８', '01065529988'],
  ])('files the phone %s under %s', (phone, key) => {
    expect(phoneKeyOf(phone)).toBe(key);
  });

  it('files no short number (an extension says nothing)', () => {
    expect(phoneKeyOf('8001')).toBeUndefined();
  });

  it('files a company domain, and no free-mail or example domain', () => {
    expect(emailDomainKeyOf('Li.Lei@SinoPec.COM')).toBe('sinopec.com');
    for (const email of ['a@qq.com', 'a@163.com', 'a@gmail.com', 'a@vip.qq.com', 'a@example.com', 'a@x.example.com', 'a@shop.test']) {
      expect(emailDomainKeyOf(email)).toBeUndefined();
    }
  });

  it('files tax and licence numbers upper-case without spaces or dashes, once', () => {
    // Prepare
    const customer = { name: 'x', licenceNo: '91110000-1000 1234 5x', nationalTaxNo: '911100001000 12345X', localTaxNo: 'abc' };

    // Act
    const keys = duplicateKeysOf(customer);

    // Assess: one tax key (the same number twice), none for a 3-character number
    expect(keys).toEqual([
      { rule: 'name', value: 'x' },
      { rule: 'tax', value: '91110000100012345X' },
    ]);
    expect(taxKeyOf('abc')).toBeUndefined();
  });

  it('gives an archived customer no key, and tells the keys a change adds and removes', () => {
    // Prepare
    const before = { name: '北京石油有限公司', phone: '13800138000' };
    const after = { name: '北京石油', phone: '13900139000' };

    // Act / Assess
    expect(duplicateKeysOf({ ...before, deletedAt: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(addedKeys(before, after)).toEqual([{ rule: 'phone', value: '13900139000' }]);
    expect(removedKeys(before, after)).toEqual([{ rule: 'phone', value: '13800138000' }]);
  });
});
