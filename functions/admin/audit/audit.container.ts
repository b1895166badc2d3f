import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { customerReadGuard } from '#shared/read-guard/read-guard.container';
import type { AuditDependencies } from './audit.ports';
import { DynamoDbAuditReader } from './audit.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: AuditDependencies | undefined;

export const auditDependencies = (): AuditDependencies =>
  (dependencies ??= {
    audit: new DynamoDbAuditReader(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    readGuard: customerReadGuard(),
  });

export const useAuditDependencies = (replacement: AuditDependencies | undefined): void => {
  dependencies = replacement;
};
