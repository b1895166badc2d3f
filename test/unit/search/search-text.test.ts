import { describe, expect, it } from 'vitest';
import { customerSearchTermParts, customerSearchTermsOf, contactSearchTermsOf } from '#shared/search/search-terms.writes';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { MAX_NAME_TERMS, nameQueryPlanOf, nameQueryProblem, nameRankOf, nameTermsOf, phoneRankOf } from '#shared/search/search-text';

const customer = {
  id: '01JNW8Y3C5K7Q2V9R4T6M8P0XA',
  customerNo: 'C-000123',
  name: '北京石油化工集团有限公司',
  ownerId: 'am1',
  ownerName: 'Ann Manager',
  phone: '+86 138-0013-8000',
  email: 'Buyer@Example.COM',
  nationalTaxNo: '91110000 100000000X',
};

describe('search terms', () => {
  it('cuts a 12-character Chinese name into its 11 bigrams, the first one marked as the prefix', () => {
    const terms = nameTermsOf('北京石油化工集团有限公司');

    expect(terms.map((term) => term.term)).toEqual(['北京', '京石', '石油', '油化', '化工', '工集', '集团', '团有', '有限', '限公', '公司']);
    expect(terms.filter((term) => term.prefix).map((term) => term.term)).toEqual(['北京']);
  });

  it('cuts Latin words into trigrams, lower-cased; short words, punctuation, #, : and emoji only separate', () => {
    const terms = nameTermsOf('ACME Tr#ading: 3M 😀 Co');

    expect(terms.map((term) => term.term)).toEqual(['acm', 'cme', 'adi', 'din', 'ing']);
    expect(terms.every((term) => !/[#: ]/.test(term.term))).toBe(true);
  });

  it('keeps each term once and at most MAX_NAME_TERMS of them', () => {
    const repeated = nameTermsOf('公司公司公司');
    const long = nameTermsOf('一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥');

    expect(repeated.map((term) => [term.term, term.prefix])).toEqual([['公司', true], ['公司', false], ['司公', false]]);
    expect(long).toHaveLength(MAX_NAME_TERMS);
  });

  it('indexes a customer under its name, phone (last 4), e-mail, number and tax number', () => {
    const terms = customerSearchTermsOf(customer);

    expect(terms.filter((term) => term.kind !== 'name').map((term) => [term.kind, term.term, term.value])).toEqual([
      ['phone', '8000', '8613800138000'],
      ['email', 'buyer@example.com', 'buyer@example.com'],
      ['no', 'C000123', 'C000123'],
      ['tax', '91110000100000000X', '91110000100000000X'],
    ]);
    expect(customerSearchTermsOf({ ...customer, deletedAt: '2026-01-01T00:00:00.000Z' })).toEqual([]);
  });

  it('writes nothing for a change that touches no term, and moves every term on a transfer', () => {
    const unchanged = customerSearchTermParts('t', customer, { ...customer });
    const transferred = customerSearchTermParts('t', customer, { ...customer, ownerId: 'am2', ownerName: 'Bob' });
    const archived = customerSearchTermParts('t', customer, { ...customer, deletedAt: '2026-01-01T00:00:00.000Z' });
    const terms = customerSearchTermsOf(customer).length;

    expect(unchanged).toEqual([]);
    // The name-start term is keyed by name (rewritten in place); every other key names the owner (moved).
    expect(transferred.filter((write) => write.Delete)).toHaveLength(terms - 1);
    expect(transferred.filter((write) => write.Put)).toHaveLength(terms);
    expect(transferred.map((write) => String(write.Put?.Item?.sk ?? '')).filter((sk) => sk !== '' && !sk.includes('#am2#'))).toEqual([`0#北京石油化工集团有限公司#${customer.id}`]);
    expect(transferred.every((write) => !write.Put || write.Put.Item?.ownerId === 'am2')).toBe(true);
    expect(archived).toHaveLength(terms);
    expect(archived.every((write) => write.Delete)).toBe(true);
  });

  it('renames by deleting the terms that are gone and rewriting those it keeps (they show the name)', () => {
    const parts = customerSearchTermParts('t', { ...customer, name: '北京石油' }, { ...customer, name: '北京石化' });
    const deleted = parts.filter((write) => write.Delete).map((write) => String(write.Delete?.Key?.pk));
    const put = parts.filter((write) => write.Put).map((write) => String(write.Put?.Item?.pk));

    // The name-start term is keyed by the name itself: it moves too.
    expect(deleted.sort()).toEqual(['TERM#name#北京', 'TERM#name#石油']);
    expect(put.sort()).toEqual(
      ['TERM#email#buyer@example.com', 'TERM#name#京石', 'TERM#name#北京', 'TERM#name#石化', 'TERM#no#C000123', 'TERM#phone#8000', 'TERM#tax#91110000100000000X'].sort(),
    );
  });

  it('keeps a name-start key under 1,024 bytes however NFKC expands the name', () => {
    const [first] = customerSearchTermsOf({ ...customer, name: `ab${'\ufdfa'.repeat(199)}` }).map(customerSearchTermEntity.keyOf);

    expect(Buffer.byteLength(first!.sk)).toBeLessThan(1024);
    expect(first!.sk.startsWith('0#ab')).toBe(true);
  });

  it('indexes a contact under each distinct phone number and its e-mail', () => {
    const terms = contactSearchTermsOf({ id: 'c1', customerId: 'x', mobile: '138 0013 8000', officePhone: '13800138000', homePhone: '010-1234', email: 'A@b.cn' });

    expect(terms.map((term) => [term.kind, term.term, term.value])).toEqual([
      ['cphone', '8000', '13800138000'],
      ['cphone', '1234', '0101234'],
      ['cemail', 'a@b.cn', 'a@b.cn'],
    ]);
  });
});

describe('search queries', () => {
  it('refuses one character, 10k characters, #, :, emoji and text without letters', () => {
    expect(nameQueryProblem('石')).toBe('tooShort');
    expect(nameQueryProblem('石'.repeat(10_000))).toBe('tooLong');
    expect(nameQueryProblem('石油#')).toBe('forbidden');
    expect(nameQueryProblem('a:b')).toBe('forbidden');
    expect(nameQueryProblem('石油😀')).toBe('forbidden');
    expect(nameQueryProblem('- -')).toBe('noText');
    expect(nameQueryProblem('石油')).toBeUndefined();
  });

  it('reads names starting with the query by its first n-gram, infixes by its first uncommon one, Latin also by the name index', () => {
    expect(nameQueryPlanOf('石油化工')).toEqual({ text: '石油化工', prefixTerm: '石油', infixTerm: '石油' });
    expect(nameQueryPlanOf('北京石油')).toEqual({ text: '北京石油', prefixTerm: '北京', infixTerm: '京石' });
    expect(nameQueryPlanOf('有限公司')).toEqual({ text: '有限公司', prefixTerm: '有限', infixTerm: '有限' });
    expect(nameQueryPlanOf('(北京)')).toEqual({ text: '(北京)', infixTerm: '北京' });
    expect(nameQueryPlanOf('Acme Trading')).toEqual({ text: 'acme trading', prefixTerm: 'acm', infixTerm: 'acm', namePrefix: 'acme trading' });
    expect(nameQueryPlanOf('bj')).toEqual({ text: 'bj', namePrefix: 'bj' });
  });

  it('ranks exact > prefix > infix and matches phones by their tail', () => {
    expect(nameRankOf('北京石油', '北京石油')).toBe('exact');
    expect(nameRankOf('北京石油化工', '北京石油')).toBe('prefix');
    expect(nameRankOf('中国石油', '石油')).toBe('infix');
    expect(nameRankOf('中国石化', '石油')).toBeUndefined();
    expect(phoneRankOf('13800138000', '8000')).toBe('suffix');
    expect(phoneRankOf('13800138000', '8613800138000')).toBe('exact');
    expect(phoneRankOf('8613800138000', '13800138000')).toBe('exact');
    expect(phoneRankOf('13800138000', '9000')).toBeUndefined();
  });
});
