import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { fileStore } from '#shared/files/file-store.container';
import { exportQuota } from '#shared/read-guard/export-quota.container';
import { exportJobTrigger } from './export-job.trigger';
import { DynamoDbExportRepository } from './export.repository';
import type { ExportApiDependencies } from './exports.dependencies';

/** The API side's real dependencies, wired once per process; tests may replace them. */
let dependencies: ExportApiDependencies | undefined;

export const exportApiDependencies = (): ExportApiDependencies =>
  (dependencies ??= {
    exports: new DynamoDbExportRepository(documentClient(), loadConfig().TABLE_NAME),
    files: fileStore(),
    clock: systemClock,
    ids: ulidGenerator(),
    trigger: exportJobTrigger(),
    quota: exportQuota(),
  });

export const useExportApiDependencies = (replacement: ExportApiDependencies | undefined): void => {
  dependencies = replacement;
};
