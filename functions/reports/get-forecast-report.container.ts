import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { ForecastDependencies } from './get-forecast-report.ports';
import { DynamoDbForecastStore } from './get-forecast-report.repository';

/** Wires the forecast report's real dependencies once per process; tests and the bench may replace them. */
let dependencies: ForecastDependencies | undefined;

export const forecastDependencies = (): ForecastDependencies =>
  (dependencies ??= { forecast: new DynamoDbForecastStore(documentClient(), loadConfig().TABLE_NAME), clock: systemClock });

export const useForecastDependencies = (replacement: ForecastDependencies | undefined): void => {
  dependencies = replacement;
};
