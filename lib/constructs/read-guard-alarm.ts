import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { READ_GUARD_ALARM } from '#shared/read-guard/customer-read-guard';

/** The metric's namespace: one per application, so the CRM's alarms are found together. */
export const CRM_METRIC_NAMESPACE = 'Crm';

export interface ReadGuardMetricFiltersProps {
  /**
   * The log groups of the functions the guard counts in (customers; admin, whose audit routes disclose customer
   * records): a trip in either is the same incident.
   */
  readonly logGroups: readonly ILogGroup[];
}

/**
 * The data-exfiltration guard's metric (issue 8): the guard writes one ERROR log line with
 * `"alarm": "CustomerReadGuardTripped"` each time it locks an account (shared/read-guard/read-guard.container.ts). A
 * metric filter on each counting function's log group turns those lines into one count. The filters live beside the
 * log groups (the stateless stack); the alarm on their metric lives with the other alarms (ReadGuardAlarm, the
 * operations stack), and needs nothing from here but the metric's namespace and name.
 */
export class ReadGuardMetricFilters extends Construct {
  /** Trips per minute, summed over every counting function. */
  readonly metric: IMetric;

  constructor(scope: Construct, id: string, props: ReadGuardMetricFiltersProps) {
    super(scope, id);
    // One filter per log group, all feeding the same metric: the alarm sees every trip, wherever it happened.
    const filters = props.logGroups.map(
      (logGroup, n) =>
        new MetricFilter(this, n === 0 ? 'TrippedFilter' : `TrippedFilter${n}`, {
          logGroup,
          filterPattern: FilterPattern.stringValue('$.alarm', '=', READ_GUARD_ALARM),
          metricNamespace: CRM_METRIC_NAMESPACE,
          metricName: READ_GUARD_ALARM,
          metricValue: '1',
        }),
    );
    this.metric = filters[0]!.metric({ statistic: 'Sum', period: Duration.minutes(1) });
  }
}

export interface ReadGuardAlarmProps {
  /** The trips counted by ReadGuardMetricFilters (a metric: namespace and name, no reference to its stack). */
  readonly metric: IMetric;
  /** Added to the alarm name, so two deployments in one account do not clash. */
  readonly namePrefix: string;
}

/**
 * The data-exfiltration guard's alarm: it goes off on the first trip — each trip is an incident to look at (who, and
 * what they read: the audit trail by actor). No data point while nothing happens (no cost, "not breaching"). It
 * notifies the alarm topic (lib/constructs/alarms.ts).
 */
export class ReadGuardAlarm extends Construct {
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: ReadGuardAlarmProps) {
    super(scope, id);
    this.alarm = new Alarm(this, 'Tripped', {
      alarmName: `${props.namePrefix}-${READ_GUARD_ALARM}`,
      alarmDescription:
        'The customer read guard locked an account: a user read more customer records than the limit in the rolling window. ' +
        'Review the audit trail of that user (action lock, actor system:customer-read-guard) before unlocking.',
      metric: props.metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
