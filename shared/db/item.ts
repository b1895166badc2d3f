/** A stored item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/**
 * Only the declared fields of a stored item, absent ones left out: no key, index or bookkeeping attribute can
 * reach a domain object (and from there a response).
 */
export const pickFields = <T>(item: Item, fields: readonly string[]): T =>
  Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as T;
