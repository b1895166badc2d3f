import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { defineAggregate } from './aggregate-entity';
import type { ForecastCell } from './forecast';

/**
 * One forecast cell (`pk = AGG#FORECAST`, `sk = MONTH#<yyyy-mm>#OWNER#<owner>#STAGE#<stage>`): `count`,
 * `amount_<cur>` and `weighted_<cur>` (Σ amount × probability) of the open opportunities expected to close that
 * month, owned by that account manager (`-`: unassigned), in that stage. Kept by the opportunity writes
 * (functions/opportunities, `forecastParts`), read by the forecast report (shared/reports/forecast.ts).
 */
export const forecastAggregateEntity = {
  ...defineAggregate<ForecastCell>({
    name: 'ForecastCell',
    keyOf: ({ month, ownerId, stage }) => opportunityKeys.forecast(month, ownerId, stage),
  }),
  partition: opportunityKeys.forecastPk,
};
