import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { fileStore } from '#shared/files/file-store.container';
import { importJobTrigger } from './import-job.trigger';
import { DynamoDbImportRepository } from './import.repository';
import type { ImportApiDependencies } from './imports.dependencies';

/** The API side's real dependencies, wired once per process; tests may replace them. No importer: they are the job's. */
let dependencies: ImportApiDependencies | undefined;

export const importApiDependencies = (): ImportApiDependencies =>
  (dependencies ??= {
    imports: new DynamoDbImportRepository(documentClient(), loadConfig().TABLE_NAME),
    files: fileStore(),
    clock: systemClock,
    ids: ulidGenerator(),
    trigger: importJobTrigger(),
  });

export const useImportApiDependencies = (replacement: ImportApiDependencies | undefined): void => {
  dependencies = replacement;
};
