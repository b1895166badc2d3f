import { systemClock } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { loadChurnJobConfig } from './churn-detection.config';
import type { ChurnDetectionDependencies } from './churn-detection.use-case';
import { DynamoDbChurnWatchRepository } from './churn-watch.repository';

/** Wires the real dependencies once per process; tests and `npm run job:churn -- --as-of` may replace them. */
let dependencies: ChurnDetectionDependencies | undefined;

export const churnDetectionDependencies = (): ChurnDetectionDependencies => {
  if (!dependencies) {
    const config = loadChurnJobConfig();
    dependencies = {
      watch: new DynamoDbChurnWatchRepository(
        createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
        config.TABLE_NAME,
      ),
      clock: systemClock,
      settings: { thresholdMonths: config.CHURN_THRESHOLD_MONTHS, pageSize: config.CHURN_PAGE_SIZE },
    };
  }
  return dependencies;
};

export const useChurnDetectionDependencies = (replacement: ChurnDetectionDependencies | undefined): void => {
  dependencies = replacement;
};
