import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { invalidateDictionaryCache } from '#shared/dictionary/dictionary.container';
import type { DictionaryDependencies } from './dictionary.ports';
import { DynamoDbDictionaryRepository } from './dictionary.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: DictionaryDependencies | undefined;

export const dictionaryDependencies = (): DictionaryDependencies =>
  (dependencies ??= {
    dictionary: new DynamoDbDictionaryRepository(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    afterChange: invalidateDictionaryCache,
  });

export const useDictionaryDependencies = (replacement: DictionaryDependencies | undefined): void => {
  dependencies = replacement;
};
