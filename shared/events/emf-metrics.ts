import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BUSINESS_METRICS_NAMESPACE, type BusinessDataPoint } from './business-metrics';

/**
 * Publishes data points as CloudWatch embedded metric format (Powertools Metrics): namespace `CRM`, dimension
 * `service`, plus a point's own dimensions (one EMF line each). No API call — CloudWatch reads the function's log.
 * Imported only by the stream consumer, the webhook dispatcher and the retry job, never by an API function.
 */
export const emfPublisher = (serviceName: string) => {
  const metrics = new Metrics({ namespace: BUSINESS_METRICS_NAMESPACE, serviceName });
  let stored = 0;
  return {
    add(points: readonly BusinessDataPoint[]): void {
      for (const point of points) {
        const unit = point.unit === 'Count' ? MetricUnit.Count : MetricUnit.NoUnit;
        if (point.dimensions) {
          const single = metrics.singleMetric();
          for (const [name, value] of Object.entries(point.dimensions)) single.addDimension(name, value);
          single.addMetric(point.name, unit, point.value);
        } else {
          metrics.addMetric(point.name, unit, point.value);
          stored += 1;
        }
      }
    },
    flush(): void {
      if (stored === 0) return;
      stored = 0;
      metrics.publishStoredMetrics();
    },
  };
};
