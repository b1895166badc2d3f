import { BUSINESS_METRICS_SERVICE, businessDataPointsOf } from '#shared/events/business-metrics';
import { emfPublisher } from '#shared/events/emf-metrics';
import type { DomainEventMetrics } from './domain-events.ports';

/** The business metrics of the published events, as EMF (shared/events/emf-metrics.ts); flushed once per batch. */
export const powertoolsMetrics = (): DomainEventMetrics => {
  const publisher = emfPublisher(BUSINESS_METRICS_SERVICE);
  return { count: (event) => publisher.add(businessDataPointsOf(event)), flush: () => publisher.flush() };
};
