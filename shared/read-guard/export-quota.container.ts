import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { ExportQuota, type ExportQuotaGuard, type ExportQuotaPolicy } from './export-quota';
import { DynamoDbExportQuotaStore } from './export-quota.repository';

const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Invalid function configuration: ${name}: a positive integer`);
  return value;
};

/**
 * The product's export quota per user and rolling window (docs/import-export.md): 20 exports and 200,000 rows in
 * 24 hours; EXPORT_QUOTA_EXPORTS, EXPORT_QUOTA_ROWS and EXPORT_QUOTA_WINDOW_SECONDS change it (the tests raise it).
 * Read on first use: only the exports function and its job count exports.
 */
export const exportQuotaPolicyFromEnvironment = (): ExportQuotaPolicy => ({
  exports: positive('EXPORT_QUOTA_EXPORTS', 20),
  rows: positive('EXPORT_QUOTA_ROWS', 200_000),
  windowMs: positive('EXPORT_QUOTA_WINDOW_SECONDS', 86_400) * 1000,
});

export const createExportQuota = (policy: ExportQuotaPolicy = exportQuotaPolicyFromEnvironment()): ExportQuotaGuard =>
  new ExportQuota({ store: new DynamoDbExportQuotaStore(documentClient(), loadConfig().TABLE_NAME), clock: systemClock, policy });

let quota: ExportQuotaGuard | undefined;

export const exportQuota = (): ExportQuotaGuard => (quota ??= createExportQuota());

export const useExportQuota = (replacement: ExportQuotaGuard | undefined): void => {
  quota = replacement;
};
