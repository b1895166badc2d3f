import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { AuditDependencies } from './audit.model';
import { DynamoDbAuditReader } from './audit.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: AuditDependencies | undefined;

export const auditDependencies = (): AuditDependencies =>
  (dependencies ??= {
    audit: new DynamoDbAuditReader(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
  });

export const useAuditDependencies = (replacement: AuditDependencies | undefined): void => {
  dependencies = replacement;
};
