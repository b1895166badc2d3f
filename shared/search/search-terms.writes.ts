import { normalizeName } from '#shared/core/search-key';
import type { Item } from '#shared/db/item';
import type { TransactItem } from '#shared/db/transactions';
import { contactSearchTermEntity, type ContactSearchTerm } from './contact-search-term.entity';
import { customerSearchTermEntity, type CustomerSearchTerm } from './customer-search-term.entity';
import { nameTermsOf, normalizeCode, normalizeEmail, phoneBucketOf, phoneDigitsOf } from './search-text';

/**
 * The search index's writes: the term items a record is indexed under, and the Deletes and Puts that take the
 * index from a record's old state to its new one — elements of the record's own transaction, so the index can
 * never drift from the record (docs/data-model.md, "Search index"). Every writer of a customer's name, phone,
 * e-mail, numbers or owner (create, update, transfer, archive, an opportunity's win, the backfill) uses these.
 */

/** What the customer terms are built from (a customer item or value; archived → no terms). */
export interface SearchableCustomer {
  readonly id: string;
  readonly customerNo: string;
  readonly name: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly phone?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly nationalTaxNo?: string | null | undefined;
  readonly localTaxNo?: string | null | undefined;
  readonly deletedAt?: string | null | undefined;
}

export interface SearchableContact {
  readonly id: string;
  readonly customerId: string;
  readonly mobile?: string | null | undefined;
  readonly officePhone?: string | null | undefined;
  readonly homePhone?: string | null | undefined;
  readonly email?: string | null | undefined;
}

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** Every term item of a customer: its name n-grams, phone, e-mail, customer number and tax numbers. */
export const customerSearchTermsOf = (customer: SearchableCustomer | undefined): CustomerSearchTerm[] => {
  if (!customer || present(customer.deletedAt)) return [];
  const shown = {
    customerId: customer.id,
    customerNo: customer.customerNo,
    name: customer.name,
    nameKey: normalizeName(customer.name),
    ownerId: customer.ownerId,
    ownerName: customer.ownerName,
  };
  const terms: CustomerSearchTerm[] = nameTermsOf(customer.name).map(({ term, prefix }) => ({ kind: 'name', term, prefix, ...shown }));
  const whole = (kind: CustomerSearchTerm['kind'], term: string, value: string) => terms.push({ kind, term, prefix: true, value, ...shown });
  const digits = present(customer.phone) ? phoneDigitsOf(customer.phone) : '';
  const bucket = phoneBucketOf(digits);
  if (bucket) whole('phone', bucket, digits);
  if (present(customer.email)) whole('email', normalizeEmail(customer.email), normalizeEmail(customer.email));
  whole('no', normalizeCode(customer.customerNo), normalizeCode(customer.customerNo));
  const taxNos = new Set([customer.nationalTaxNo, customer.localTaxNo].filter(present).map(normalizeCode).filter((tax) => tax !== ''));
  for (const tax of taxNos) whole('tax', tax, tax);
  return terms;
};

/** Every term item of a contact: its phone numbers (mobile, office, home) and its e-mail. */
export const contactSearchTermsOf = (contact: SearchableContact | undefined): ContactSearchTerm[] => {
  if (!contact) return [];
  const base = { customerId: contact.customerId, contactId: contact.id };
  const terms = new Map<string, ContactSearchTerm>();
  for (const phone of [contact.mobile, contact.officePhone, contact.homePhone].filter(present)) {
    const digits = phoneDigitsOf(phone);
    const bucket = phoneBucketOf(digits);
    if (bucket) terms.set(`p${digits}`, { kind: 'cphone', term: bucket, value: digits, ...base });
  }
  if (present(contact.email)) {
    const email = normalizeEmail(contact.email);
    terms.set(`e${email}`, { kind: 'cemail', term: email, value: email, ...base });
  }
  return [...terms.values()];
};

const keyString = (key: { pk: string; sk: string }): string => `${key.pk}\u0000${key.sk}`;

/**
 * The Deletes and Puts that move the index from `before`'s items to `after`'s: a term no longer there is deleted,
 * a new or changed one put, an unchanged one left alone (a PATCH of the credit rating writes no term). No
 * condition: the record's own element in the same transaction is conditional on the version the terms were
 * computed from, so a concurrent write refuses the whole transaction and no stale term survives.
 */
const diffParts = (tableName: string, before: Item[], after: Item[]): TransactItem[] => {
  const old = new Map(before.map((item) => [keyString(item as { pk: string; sk: string }), item]));
  const next = new Map(after.map((item) => [keyString(item as { pk: string; sk: string }), item]));
  const writes: TransactItem[] = [];
  for (const [key, item] of old) {
    if (!next.has(key)) writes.push({ Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } });
  }
  for (const [key, item] of next) {
    const previous = old.get(key);
    if (!previous || JSON.stringify(previous) !== JSON.stringify(item)) writes.push({ Put: { TableName: tableName, Item: item } });
  }
  return writes;
};

export const customerSearchTermParts = (tableName: string, before: SearchableCustomer | undefined, after: SearchableCustomer | undefined): TransactItem[] =>
  diffParts(tableName, customerSearchTermsOf(before).map(customerSearchTermEntity.toItem), customerSearchTermsOf(after).map(customerSearchTermEntity.toItem));

export const contactSearchTermParts = (tableName: string, before: SearchableContact | undefined, after: SearchableContact | undefined): TransactItem[] =>
  diffParts(tableName, contactSearchTermsOf(before).map(contactSearchTermEntity.toItem), contactSearchTermsOf(after).map(contactSearchTermEntity.toItem));
