import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { ContactDependencies } from './contact.dependencies';
import { DynamoDbContactRepository } from './contact.repository';

/** Wires the real dependencies once per process; tests and the bench may replace them. */
let dependencies: ContactDependencies | undefined;

export const contactDependencies = (): ContactDependencies =>
  (dependencies ??= {
    contacts: new DynamoDbContactRepository(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useContactDependencies = (replacement: ContactDependencies | undefined): void => {
  dependencies = replacement;
};
