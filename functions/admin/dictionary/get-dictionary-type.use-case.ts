import { defaultListOf, type DictionaryType } from '#shared/dictionary/dictionary';
import type { DictionaryDependencies } from './dictionary.ports';
import { viewOf } from './dictionary.rules';
import type { DictionaryListView } from './dictionary.schema';

/**
 * Read one type's list (every role), with its version for a later PUT (ETag) and the codes in use.
 *
 * Primary course: one strongly consistent Query on the type's prefix. Alternate: never replaced → the built-in
 * list, version 0.
 */
export const getDictionaryType = async (deps: Pick<DictionaryDependencies, 'dictionary'>, type: DictionaryType): Promise<DictionaryListView> => {
  const snapshot = await deps.dictionary.read(type);
  return viewOf(snapshot.lists.get(type) ?? defaultListOf(type), snapshot);
};
