import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbContactLookup } from './contact-lookup.repository';
import type { ContactLookupDependencies } from './find-contacts.use-case';

/** Wires the real lookup once per process; tests may replace it. */
let dependencies: ContactLookupDependencies | undefined;

export const contactLookupDependencies = (): ContactLookupDependencies =>
  (dependencies ??= { lookup: new DynamoDbContactLookup(documentClient(), loadConfig().TABLE_NAME) });

export const useContactLookupDependencies = (replacement: ContactLookupDependencies | undefined): void => {
  dependencies = replacement;
};
