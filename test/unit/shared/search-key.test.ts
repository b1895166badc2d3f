import { describe, expect, it } from 'vitest';
import { searchKeyOf, searchPrefixOf } from '#shared/core/search-key';

describe('search keys', () => {
  it.each([
    ['北京石油化工有限公司', 'bjsyhgyxgs'],
    ['重庆钢铁集团', 'cqgtjt'],
    ['  Acme   Trading ', 'acme trading'],
    ['ＡＣＭＥ', 'acme'],
  ])('keys %s as %s', (name, key) => {
    expect(searchKeyOf(name)).toBe(key);
  });

  it('turns a Latin query into a plain prefix', () => {
    expect(searchPrefixOf('BJSY')).toEqual({ keyPrefix: 'bjsy' });
  });

  it('turns a Chinese query into its initials prefix plus a name filter', () => {
    expect(searchPrefixOf('北京')).toEqual({ keyPrefix: 'bj', namePrefix: '北京' });
  });

  it('stops the initials prefix at a polyphonic character so 重庆 (chong) is still found by 重', () => {
    const prefix = searchPrefixOf('重庆');
    expect(prefix.keyPrefix).toBe('');
    expect(prefix.namePrefix).toBe('重庆');
    expect(searchKeyOf('重庆钢铁').startsWith(prefix.keyPrefix)).toBe(true);
  });
});
