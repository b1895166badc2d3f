import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { FileStore } from '#shared/files/file-store';
import { exportQuota } from '#shared/read-guard/export-quota.container';
import { exportJobTrigger } from './export-job.trigger';
import { DynamoDbExportRepository } from './export.repository';
import type { ExportApiDependencies } from './exports.dependencies';

/**
 * The files bucket, its S3 client loaded on first use: `POST /v1/exports` never touches a file and `GET
 * /v1/exports/{id}` signs a link only for a completed export's starter, so neither route's chunk imports
 * @aws-sdk/client-s3 and its presigner at its first request (issue 23; test/cdk/function-bundling.test.ts). The
 * store itself is the shared one (shared/files/file-store.container.ts), wired and replaceable there as before.
 */
const onFirstUse = <K extends keyof FileStore>(method: K): FileStore[K] =>
  (async (...args: unknown[]) => {
    const { fileStore } = await import('#shared/files/file-store.container');
    const store = fileStore();
    return (store[method] as (...values: unknown[]) => unknown).apply(store, args);
  }) as FileStore[K];

const lazyFileStore: FileStore = {
  presignUpload: onFirstUse('presignUpload'),
  presignDownload: onFirstUse('presignDownload'),
  head: onFirstUse('head'),
  read: onFirstUse('read'),
  readStart: onFirstUse('readStart'),
  put: onFirstUse('put'),
  delete: onFirstUse('delete'),
  startMultipart: onFirstUse('startMultipart'),
  uploadPart: onFirstUse('uploadPart'),
  completeMultipart: onFirstUse('completeMultipart'),
  abortMultipart: onFirstUse('abortMultipart'),
};

/** The API side's real dependencies, wired once per process; tests may replace them. */
let dependencies: ExportApiDependencies | undefined;

export const exportApiDependencies = (): ExportApiDependencies =>
  (dependencies ??= {
    exports: new DynamoDbExportRepository(documentClient(), loadConfig().TABLE_NAME),
    files: lazyFileStore,
    clock: systemClock,
    ids: ulidGenerator(),
    trigger: exportJobTrigger(),
    quota: exportQuota(),
  });

export const useExportApiDependencies = (replacement: ExportApiDependencies | undefined): void => {
  dependencies = replacement;
};
