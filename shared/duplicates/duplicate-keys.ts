/**
 * The duplicate rules (issue 16, part 4): which keys a customer is filed under in the duplicate index, so that two
 * customers sharing a key are candidates for one another. Pure functions, no AWS, no zod
 * (docs/data-model.md, "Duplicate index").
 *
 * - `name`: the company name NFKC-normalised (full-width → half-width), lower case, without spaces or punctuation,
 *   and without the legal-form suffixes (有限公司, 股份有限公司, 有限责任公司, 集团, Co., Ltd., Inc., LLC …):
 *   「北京石油化工集团有限公司」 and 「北京石油化工」 are one key, 「ＡＣＭＥ Co., Ltd.」 and 「Acme Inc」 another.
 * - `phone`: the number's digits with a Chinese country code (+86 / 0086) taken off and a landline's trunk 0 kept.
 * - `domain`: the e-mail's domain, unless it is a free-mail provider (qq.com, 163.com, gmail.com …) or a domain
 *   reserved for examples and tests (RFC 2606), which says nothing about the company.
 * - `tax`: the licence number, national and local tax numbers (a 统一社会信用代码 is all three), upper case without
 *   spaces or dashes.
 */

export type DuplicateRule = 'name' | 'phone' | 'domain' | 'tax';
export const DUPLICATE_RULES: readonly DuplicateRule[] = ['name', 'phone', 'domain', 'tax'];

export interface DuplicateKey {
  readonly rule: DuplicateRule;
  readonly value: string;
}

/** What the keys are computed from (a customer value or item; an archived customer has none). */
export interface DuplicateSubject {
  readonly name: string;
  readonly phone?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly licenceNo?: string | null | undefined;
  readonly nationalTaxNo?: string | null | undefined;
  readonly localTaxNo?: string | null | undefined;
  readonly deletedAt?: string | null | undefined;
}

/** The fields whose change can change a customer's keys (an update touching none of them writes no key). */
export const DUPLICATE_FIELDS = ['name', 'phone', 'email', 'licenceNo', 'nationalTaxNo', 'localTaxNo'] as const;

/** A key value in an item's partition key stays far below DynamoDB's 2,048 bytes, however NFKC expands it. */
const MAX_KEY_CHARACTERS = 100;

/** Legal-form suffixes, longest first: taken off the end of the name repeatedly (…集团股份有限公司 → …). */
const HAN_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '分公司', '集团', '公司'];
/** Latin legal forms, as whole words at the end of the name (so `Zinc` keeps its `inc`). */
const LATIN_SUFFIXES = new Set(['co', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'corp', 'corporation', 'company', 'gmbh', 'plc']);

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The normalised company name: the `name` key, or undefined when nothing but a legal form is left. */
export const normalizedCompanyName = (name: string): string | undefined => {
  const words = name.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  while (words.length > 1 && LATIN_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  let joined = words.join('');
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const suffix of HAN_SUFFIXES) {
      if (joined.length > suffix.length && joined.endsWith(suffix)) {
        joined = joined.slice(0, -suffix.length);
        stripped = true;
      }
    }
  }
  const key = [...joined].slice(0, MAX_KEY_CHARACTERS).join('');
  return key === '' ? undefined : key;
};

/** The shortest number we file under the phone rule: an extension or a short code says nothing. */
const MIN_PHONE_DIGITS = 7;

/** The `phone` key: `+86 138-0013-8000` and `13800138000` are one; `+86 10 6552 9988` and `010-65529988` too. */
export const phoneKeyOf = (phone: string): string | undefined => {
  let digits = phone.normalize('NFKC').replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (phone.trim().startsWith('+86') || (digits.startsWith('86') && digits.length >= 12)) digits = digits.slice(2);
  // Without the country code a Chinese landline keeps its trunk 0 (010…); a mobile is 11 digits starting with 1.
  if (digits !== '' && !digits.startsWith('0') && !(digits.length === 11 && digits.startsWith('1')) && digits.length >= 9) digits = `0${digits}`;
  return digits.length >= MIN_PHONE_DIGITS ? digits.slice(0, 32) : undefined;
};

/** Free-mail providers (Chinese and international): a shared domain says nothing about the company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'qq.com', 'vip.qq.com', 'foxmail.com', '163.com', 'vip.163.com', '126.com', 'yeah.net', '188.com', 'sina.com', 'sina.cn',
  'vip.sina.com', 'sohu.com', '139.com', '189.cn', 'wo.cn', 'aliyun.com', 'tom.com', '21cn.com',
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.com.cn',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'mail.com',
  'yandex.com', 'yandex.ru', 'zoho.com',
]);

/** RFC 2606 / RFC 6761 names, which no company holds. */
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/;

/** The `domain` key of an e-mail address, or undefined for free mail and reserved domains. */
export const emailDomainKeyOf = (email: string): string | undefined => {
  const at = email.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = email.slice(at + 1).normalize('NFKC').trim().toLowerCase().replace(/\.$/, '');
  if (domain === '' || !domain.includes('.') || FREE_MAIL_DOMAINS.has(domain) || RESERVED_DOMAIN.test(domain)) return undefined;
  return domain.slice(0, MAX_KEY_CHARACTERS);
};

/** The shortest licence or tax number we file (统一社会信用代码: 18; older numbers 15–20). */
const MIN_TAX_CHARACTERS = 6;

export const taxKeyOf = (value: string): string | undefined => {
  const code = value.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  return code.length >= MIN_TAX_CHARACTERS ? code.slice(0, 40) : undefined;
};

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** Every key of a customer, each once (at most 1 name, 1 phone, 1 domain, 3 tax numbers). */
export const duplicateKeysOf = (subject: DuplicateSubject | undefined): DuplicateKey[] => {
  if (!subject || present(subject.deletedAt)) return [];
  const keys = new Map<string, DuplicateKey>();
  const add = (rule: DuplicateRule, value: string | undefined) => {
    if (value !== undefined) keys.set(`${rule}#${value}`, { rule, value });
  };
  add('name', normalizedCompanyName(subject.name));
  if (present(subject.phone)) add('phone', phoneKeyOf(subject.phone));
  if (present(subject.email)) add('domain', emailDomainKeyOf(subject.email));
  for (const tax of [subject.licenceNo, subject.nationalTaxNo, subject.localTaxNo]) if (present(tax)) add('tax', taxKeyOf(tax));
  return [...keys.values()];
};

export const sameKey = (a: DuplicateKey, b: DuplicateKey): boolean => a.rule === b.rule && a.value === b.value;

/** The keys `after` has and `before` had not: the ones a write newly claims (and must not share unless allowed). */
export const addedKeys = (before: DuplicateSubject | undefined, after: DuplicateSubject | undefined): DuplicateKey[] => {
  const old = duplicateKeysOf(before);
  return duplicateKeysOf(after).filter((key) => !old.some((known) => sameKey(known, key)));
};

export const removedKeys = (before: DuplicateSubject | undefined, after: DuplicateSubject | undefined): DuplicateKey[] => addedKeys(after, before);
