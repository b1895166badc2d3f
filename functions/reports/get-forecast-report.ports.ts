import type { Clock } from '#shared/core/clock';
import type { ForecastItem } from '#shared/reports/forecast';

/** What the forecast report reads: the forecast cells the opportunity writes keep (shared/reports/forecast.ts). */
export interface ForecastStore {
  /**
   * `AGG#FORECAST`, the cells of months `from` … `to` (yyyy-mm): one Query over that key range (paged only past
   * 1 MB); with `ownerId`, only that owner's cells.
   */
  cells(from: string, to: string, ownerId?: string): Promise<ForecastItem[]>;
}

export interface ForecastDependencies {
  readonly forecast: ForecastStore;
  readonly clock: Clock;
}
