import type { DictionaryType } from './dictionary';

/**
 * Keys of the data dictionary (docs/data-model.md, "Data dictionary"). One small partition holds every list and
 * every "used" marker, so the whole dictionary is one Query, and one type (its list and its markers) is one
 * Query on the `<type>#` prefix.
 */
export const dictionaryKeys = {
  partition: 'DICTIONARY',
  /** A type's list of entries, once an administrator has replaced the built-in one. */
  list: (type: DictionaryType) => ({ pk: 'DICTIONARY', sk: `${type}#LIST` }),
  /** Written (never removed) when a record first uses the code: the code can no longer be removed. */
  used: (type: DictionaryType, code: string) => ({ pk: 'DICTIONARY', sk: `${type}#USED#${code}` }),
  typePrefix: (type: DictionaryType) => `${type}#`,
} as const;
