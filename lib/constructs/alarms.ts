import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface CrmAlarmsProps {
  /** Added to every alarm and to the topic name, so two deployments in one account do not clash. */
  readonly namePrefix: string;
  /** Every Lambda function of the stack (API functions and scheduled jobs), by a short name for the alarm. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly api: HttpApi;
  /** The customer portal's HTTP API (issue 21): the same 5xx, p99-latency and 4xx-spike alarms as the staff API's, named `portal-api-…`. */
  readonly portalApi?: HttpApi;
  /** The single table: its throttled requests and DynamoDB's own errors. */
  readonly table: ITableV2;
  /** The scheduled jobs' dead-letter queue: any message in it is a run that failed for good. */
  readonly deadLetterQueue: IQueue;
  /** Alarms made elsewhere (the read guard's) that notify the same topic. */
  readonly extraAlarms?: readonly Alarm[];
  /** Subscribed to the topic by e-mail (context `alarmEmail`); without it, subscribe the on-call tool yourself. */
  readonly email?: string | undefined;
}

/** Five minutes: short enough to page while it matters, long enough to sum a burst into one alarm. */
const PERIOD = Duration.minutes(5);

/** p99 of the API's answers above this, for 15 minutes, alarms (the functions time out at 10 s, the gateway at 30 s). */
export const API_P99_LATENCY_MS = 3_000;
/** A 4xx spike: this share of the answers in five minutes, when at least API_4XX_SPIKE_MIN_REQUESTS were answered. */
export const API_4XX_SPIKE_PERCENT = 25;
export const API_4XX_SPIKE_MIN_REQUESTS = 50;

/** The operations the functions send (a metric-math alarm takes at most 10 metrics, so not all of DynamoDB's). */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

/**
 * What operations are told about, on one SNS topic (`<prefix>-alarms`):
 * - each function's **errors** (the invocation failed: a crash or a timeout — our handlers answer every refusal
 *   and every dependency failure with a problem response, so an error here is a bug) and **throttles** (the
 *   account's concurrency is exhausted: requests are refused before our code runs);
 * - for each HTTP API — the staff API's (`api-…`) and the customer portal's (`portal-api-…`) alike:
 *   - its **5xx answers** (503s from throttled DynamoDB included) beyond a handful in five minutes;
 *   - its **p99 latency** above `API_P99_LATENCY_MS` for three periods in a row (15 minutes: a slow dependency,
 *     a hot partition, cold starts piling up — not one slow burst);
 *   - a **4xx spike**: more than `API_4XX_SPIKE_PERCENT` of the answers are client errors in five minutes with at least
 *     `API_4XX_SPIKE_MIN_REQUESTS` requests (a client released with a bug, a credential-stuffing or scraping run
 *     hitting 401/403/404, a read-guard lock wave);
 * - any message in the scheduled jobs' **dead-letter queue** (a run failed after every retry);
 * - the table's **throttled requests** (a hot partition; the SDK retries, so only a sustained rate alarms) and
 *   DynamoDB's **system errors** (HTTP 500 from the service: retried too, worth knowing about);
 * - the alarms given in `extraAlarms` (the data-exfiltration guard).
 * No data while all is well costs nothing and does not alarm (missing data is "not breaching").
 *
 * The topic is encrypted with its own KMS key: CloudWatch cannot publish to a topic under the AWS managed
 * `aws/sns` key, whose policy it is not in.
 */
export class CrmAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: CrmAlarmsProps) {
    super(scope, id);

    const key = new Key(this, 'TopicKey', {
      description: `${props.namePrefix} alarm topic`,
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { topicName: `${props.namePrefix}-alarms`, masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    const alarm = (name: string, description: string, metric: IMetric, threshold = 1, evaluationPeriods = 1): Alarm =>
      new Alarm(this, name, {
        alarmName: `${props.namePrefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    const alarms: Alarm[] = [];
    for (const [name, fn] of props.functions) {
      alarms.push(
        alarm(
          `${name}-errors`,
          `The ${name} function failed an invocation (crash or timeout): look for its ERROR log line by correlation id.`,
          fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        ),
        alarm(
          `${name}-throttles`,
          `Lambda refused invocations of the ${name} function: the account's concurrency is exhausted.`,
          fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        ),
      );
    }
    /** An HTTP API's 5xx, p99-latency and 4xx-spike alarms, their names starting with `name` (`api`, `portal-api`). */
    const apiAlarms = (name: string, title: string, httpApi: HttpApi): Alarm[] => [
      alarm(
        `${name}-5xx`,
        `The ${title} answered at least 5 server errors in 5 minutes (503 ServiceBusy included): see the functions' logs.`,
        httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
        5,
      ),
      alarm(
        `${name}-p99-latency`,
        `The ${title}'s p99 latency was above ${API_P99_LATENCY_MS} ms for 15 minutes: see the dashboard's latency per route and the functions' durations.`,
        httpApi.metricLatency({ period: PERIOD, statistic: 'p99' }),
        API_P99_LATENCY_MS,
        3,
      ),
      alarm(
        `${name}-4xx-spike`,
        `More than ${API_4XX_SPIKE_PERCENT}% of the ${title}'s answers in 5 minutes were 4xx (at least ${API_4XX_SPIKE_MIN_REQUESTS} requests): ` +
          'see the dashboard\'s 4xx per route — a broken client release, or someone probing (401/403/404).',
        new MathExpression({
          expression: `IF(requests >= ${API_4XX_SPIKE_MIN_REQUESTS}, 100 * clientErrors / requests, 0)`,
          usingMetrics: {
            requests: httpApi.metricCount({ period: PERIOD, statistic: 'Sum' }),
            clientErrors: httpApi.metricClientError({ period: PERIOD, statistic: 'Sum' }),
          },
          period: PERIOD,
          label: '4xx share of answers (%)',
        }),
        API_4XX_SPIKE_PERCENT,
      ),
    ];
    alarms.push(
      ...apiAlarms('api', 'HTTP API', props.api),
      ...(props.portalApi ? apiAlarms('portal-api', 'customer portal\'s HTTP API', props.portalApi) : []),
      alarm(
        'table-throttles',
        'DynamoDB throttled at least 10 requests of the table in 5 minutes (a hot partition): the SDK retried them; ' +
          'sustained, callers get 503 ServiceBusy.',
        props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD }),
        10,
      ),
      alarm(
        'table-system-errors',
        'DynamoDB answered the table\'s requests with internal server errors: retried by the SDK; check the AWS Health Dashboard.',
        props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD }),
      ),
      alarm(
        'jobs-dead-letters',
        'A scheduled job run failed after every retry and was dead-lettered: read the message, fix, replay.',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      ),
    );
    this.alarms = alarms;

    const notify = new SnsAction(this.topic);
    for (const each of [...alarms, ...(props.extraAlarms ?? [])]) each.addAlarmAction(notify);
  }
}
