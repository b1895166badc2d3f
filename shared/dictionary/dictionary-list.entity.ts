import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import type { DictionaryEntry, DictionaryList } from './dictionary';
import { dictionaryKeys } from './dictionary.keys';

const entriesOf = (entries: readonly DictionaryEntry[]): DictionaryEntry[] =>
  entries.map(({ code, label, active, days, leadDays, probability }) => ({
    code,
    label,
    active,
    ...(days === undefined ? {} : { days }),
    ...(leadDays === undefined ? {} : { leadDays }),
    ...(probability === undefined ? {} : { probability }),
  }));

const base = defineEntity<DictionaryList>({
  name: 'DictionaryList',
  fields: fieldsOf<DictionaryList>()('type', 'entries', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'),
  keyOf: (list) => dictionaryKeys.list(list.type),
});

/**
 * A type's list of entries, once an administrator has replaced the built-in one (docs/data-model.md, "Data
 * dictionary"), declared once. Beside the entries it stores `activeCodes`, the active codes as a list that a
 * transaction's condition can test (`contains`): a record's first use of a code is refused once it is inactive.
 */
export const dictionaryListEntity = {
  ...base,
  toItem: (list: DictionaryList): Item => ({
    ...base.toItem({ ...list, entries: entriesOf(list.entries) }),
    activeCodes: list.entries.filter((entry) => entry.active).map((entry) => entry.code),
  }),
  fromItem: (item: Item): DictionaryList => {
    const list = base.fromItem(item);
    return { ...list, entries: entriesOf(list.entries) };
  },
};
