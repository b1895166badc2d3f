import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { WorkbenchRepository } from './workbench.ports';
import { dynamoDbWorkbenchRepository } from './workbench.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: { workbench: WorkbenchRepository } | undefined;

export const workbenchDependencies = (): { workbench: WorkbenchRepository } =>
  (dependencies ??= { workbench: dynamoDbWorkbenchRepository(documentClient(), loadConfig().TABLE_NAME) });

export const useWorkbenchDependencies = (replacement: { workbench: WorkbenchRepository } | undefined): void => {
  dependencies = replacement;
};
