import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbDictionarySource } from './dictionary-lists.repository';
import { DictionaryCache } from './lookup';

/**
 * The container's one dictionary cache (module scope: it lives as long as the Lambda container). Locally and in
 * tests every function runs in one process, so the admin write that invalidates it is seen at once by all.
 */
let cache: DictionaryCache | undefined;

export const dictionaryCache = (): DictionaryCache =>
  (cache ??= new DictionaryCache(new DynamoDbDictionarySource(documentClient(), loadConfig().TABLE_NAME)));

/** Tests replace the cache (e.g. with a fake source or another TTL); `undefined` goes back to the real one. */
export const useDictionaryCache = (replacement: DictionaryCache | undefined): void => {
  cache = replacement;
};

/** Called by the process that changed the dictionary: its next validation reads the new lists. */
export const invalidateDictionaryCache = (): void => cache?.invalidate();
