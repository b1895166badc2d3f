import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CustomFieldDependencies } from './custom-field.ports';
import { DynamoDbCustomFieldRepository } from './custom-field.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: CustomFieldDependencies | undefined;

export const customFieldDependencies = (): CustomFieldDependencies =>
  (dependencies ??= {
    fields: new DynamoDbCustomFieldRepository(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useCustomFieldDependencies = (replacement: CustomFieldDependencies | undefined): void => {
  dependencies = replacement;
};
