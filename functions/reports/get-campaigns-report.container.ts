import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CampaignsReportDependencies } from './get-campaigns-report.ports';
import { DynamoDbCampaignEffectStore } from './get-campaigns-report.repository';

/** Wires the campaigns report's real dependencies once per process; tests and the bench may replace them. */
let dependencies: CampaignsReportDependencies | undefined;

export const campaignsReportDependencies = (): CampaignsReportDependencies =>
  (dependencies ??= { effects: new DynamoDbCampaignEffectStore(documentClient(), loadConfig().TABLE_NAME), clock: systemClock });

export const useCampaignsReportDependencies = (replacement: CampaignsReportDependencies | undefined): void => {
  dependencies = replacement;
};
