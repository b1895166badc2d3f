import type { CustomFieldFilter } from './custom-field';

/**
 * The FilterExpression clauses of custom-field list filters (`?custom.<key>=<code>`), with their own placeholders:
 * `custom.<key> = :code` for a single select, `contains(custom.<key>, :code)` for a multi select (a list of codes).
 * A filter applies after the Query reads its page, so a filtered page may hold fewer items than `limit` (even none)
 * and still have a next cursor (docs/api.md).
 */
export const customFilterClauses = (
  filters: readonly CustomFieldFilter[],
): { clauses: string[]; names: Record<string, string>; values: Record<string, string> } => {
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  const clauses = filters.map((filter, index) => {
    names['#cf'] = 'custom';
    names[`#cf${index}`] = filter.key;
    values[`:cf${index}`] = filter.code;
    return filter.match === 'contains' ? `contains(#cf.#cf${index}, :cf${index})` : `#cf.#cf${index} = :cf${index}`;
  });
  return { clauses, names, values };
};
