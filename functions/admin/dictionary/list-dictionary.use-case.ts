import { DICTIONARY_TYPES, defaultListOf } from '#shared/dictionary/dictionary';
import type { DictionaryDependencies } from './dictionary.ports';
import { viewOf } from './dictionary.rules';
import type { DictionaryListView } from './dictionary.schema';

/**
 * Read the whole data dictionary (every role).
 *
 * Primary course: one strongly consistent read of every list and used code; a type no administrator has replaced
 * shows its built-in list at version 0. Not the validation cache: an administrator's next PUT needs the version
 * that is stored now.
 */
export const listDictionary = async (deps: Pick<DictionaryDependencies, 'dictionary'>): Promise<DictionaryListView[]> => {
  const snapshot = await deps.dictionary.read();
  return DICTIONARY_TYPES.map((type) => viewOf(snapshot.lists.get(type) ?? defaultListOf(type), snapshot));
};
