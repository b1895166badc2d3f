import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  Dashboard,
  GraphWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, BUSINESS_METRICS_NAMESPACE, BUSINESS_METRICS_SERVICE, WEBHOOK_METRICS_SERVICE } from '#shared/events/business-metrics';

export interface CrmDashboardProps {
  readonly namePrefix: string;
  readonly api: HttpApi;
  /** The API's access log group (JSON lines with routeKey, status, responseLatency): the per-route widgets query it. */
  readonly accessLogs: ILogGroup;
  /** The customer portal's API (issue 21) and its access logs: its own latency and error graphs, its routes in the per-route widgets. */
  readonly portalApi?: { readonly api: HttpApi; readonly accessLogs: ILogGroup };
  /** Every Lambda function by its short name (API functions, jobs, the publisher, the dispatcher). */
  readonly functions: ReadonlyMap<string, IFunction>;
  /**
   * The API functions' log groups (at most 50: a Logs Insights query's limit): cold starts counted from Lambda's own
   * REPORT records, so the API functions load nothing for it.
   */
  readonly apiLogGroups: readonly ILogGroup[];
  /** The scheduled jobs' functions by name: their outcomes (invocations, errors). */
  readonly jobs: ReadonlyMap<string, IFunction>;
  /**
   * The jobs an event starts, by name (an upload: import, attachment check; the exports function: export; the table
   * stream: domain events; the bus: webhook dispatch): their invocations and errors, beside the scheduled jobs'.
   */
  readonly eventJobs?: ReadonlyMap<string, IFunction>;
  readonly table: ITableV2;
  readonly deadLetterQueue: IQueue;
}

const PERIOD = Duration.minutes(5);
const WIDTH = 12;
const HEIGHT = 6;

/** A Logs Insights query reads at most 50 log groups. */
const MAX_LOG_GROUPS_PER_QUERY = 50;

/** A graph takes at most this many metrics: functions are split over several graphs. */
const METRICS_PER_GRAPH = 25;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
};

/**
 * The operations dashboard (`<prefix>-operations`): one page for "is the CRM healthy, and is it being used".
 *
 * - **API**: latency p50 / p99 and 4xx / 5xx of the staff HTTP API and of the portal's (AWS/ApiGateway), and **per route** (both) from the
 *   access logs (a Logs Insights query of `routeKey`, `status`, `responseLatency`: per-route CloudWatch metrics would
 *   need the stage's detailed metrics, billed per route and metric — the query costs only when the page is viewed).
 * - **Functions**: duration p99, errors and throttles of every function.
 * - **DynamoDB**: consumed read and write capacity, throttled requests of the operations the functions send.
 * - **Jobs**: each scheduled job's invocations and errors; messages in the jobs' dead-letter queue; each event-driven
 *   job's invocations and errors (import, export, attachment check, domain events, webhook dispatch; their outcomes in
 *   detail: the business and webhook graphs, the dead-letter queue).
 * - **Cold starts** of the API functions, from Lambda's own REPORT records (init duration) in their logs: a
 *   Powertools cold-start metric would load the metrics library on every API function's init path.
 * - **Business** (namespace `CRM`, Powertools Metrics (EMF) from the domain-event publisher): orders placed and
 *   their value, services opened and archived, logins locked, events published; **webhooks**: deliveries by outcome.
 * A dashboard is one CloudFormation resource whatever its widgets.
 */
export class CrmDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: CrmDashboardProps) {
    super(scope, id);
    const api = props.api;
    const functions = [...props.functions.entries()];
    const businessMetric = (name: string, label: string, dimensionsMap: Record<string, string> = {}, service = BUSINESS_METRICS_SERVICE): Metric =>
      new Metric({
        namespace: BUSINESS_METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service, ...dimensionsMap },
        statistic: 'Sum',
        period: PERIOD,
        label,
      });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []): GraphWidget =>
      new GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT, period: PERIOD });
    const accessLogGroups = [props.accessLogs, ...(props.portalApi ? [props.portalApi.accessLogs] : [])].map((group) => group.logGroupName);
    const apiGraphs = (name: string, httpApi: HttpApi): IWidget[] => [
      graph(`${name} latency (p50, p99)`, [
        httpApi.metricLatency({ statistic: 'p50', period: PERIOD, label: 'p50' }),
        httpApi.metricLatency({ statistic: 'p99', period: PERIOD, label: 'p99' }),
      ]),
      graph(
        `${name} requests and errors`,
        [httpApi.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }), httpApi.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' })],
        [httpApi.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' })],
      ),
    ];
    const tableOperations = [Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.TRANSACT_WRITE_ITEMS, Operation.BATCH_GET_ITEM];

    const widgets: IWidget[][] = [
      [new TextWidget({ markdown: `# ${props.namePrefix} CRM — operations\nAPI, functions, table, jobs, business events and webhooks (lib/constructs/dashboard.ts).`, width: 24, height: 2 })],
      apiGraphs('API', api),
      ...(props.portalApi ? [apiGraphs('Portal API', props.portalApi.api)] : []),
      [
        new LogQueryWidget({
          title: 'Latency per route (ms, access logs)',
          logGroupNames: accessLogGroups,
          queryLines: [
            'fields routeKey, responseLatency',
            'stats count(*) as requests, pct(responseLatency, 50) as p50, pct(responseLatency, 99) as p99 by routeKey',
            'sort p99 desc',
            'limit 50',
          ],
          view: LogQueryVisualizationType.TABLE,
          width: WIDTH,
          height: 8,
        }),
        new LogQueryWidget({
          title: '4xx and 5xx per route (access logs)',
          logGroupNames: accessLogGroups,
          queryLines: ['fields routeKey, status', 'filter status like /^[45]/', 'stats count(*) as answers by routeKey, status', 'sort answers desc', 'limit 50'],
          view: LogQueryVisualizationType.TABLE,
          width: WIDTH,
          height: 8,
        }),
      ],
      [
        new LogQueryWidget({
          title: 'Cold starts of the API functions (Lambda REPORT records: init duration, ms)',
          logGroupNames: props.apiLogGroups.slice(0, MAX_LOG_GROUPS_PER_QUERY).map((group) => group.logGroupName),
          queryLines: [
            'filter type = "platform.report" and ispresent(record.metrics.initDurationMs)',
            'stats count(*) as coldStarts, pct(record.metrics.initDurationMs, 50) as p50, pct(record.metrics.initDurationMs, 99) as p99 by @log',
            'sort coldStarts desc',
          ],
          view: LogQueryVisualizationType.TABLE,
          width: 24,
          height: 6,
        }),
      ],
      ...chunks(functions, METRICS_PER_GRAPH).map((group, index) => [
        graph(
          `Function duration p99 (ms)${index > 0 ? ` ${index + 1}` : ''}`,
          group.map(([name, fn]) => fn.metricDuration({ statistic: 'p99', period: PERIOD, label: name })),
        ),
        graph(
          `Function errors and throttles${index > 0 ? ` ${index + 1}` : ''}`,
          group.map(([name, fn]) => fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: `${name} errors` })),
          group.map(([name, fn]) => fn.metricThrottles({ statistic: 'Sum', period: PERIOD, label: `${name} throttles` })),
        ),
      ]),
      [
        graph(
          'DynamoDB consumed capacity',
          [props.table.metricConsumedReadCapacityUnits({ period: PERIOD, statistic: 'Sum', label: 'RCU' })],
          [props.table.metricConsumedWriteCapacityUnits({ period: PERIOD, statistic: 'Sum', label: 'WCU' })],
        ),
        graph('DynamoDB throttled requests', [
          props.table.metricThrottledRequestsForOperations({ operations: tableOperations, period: PERIOD, label: 'throttled' }),
        ]),
      ],
      [
        graph(
          'Scheduled jobs: invocations and errors',
          [...props.jobs.entries()].map(([name, fn]) => fn.metricInvocations({ statistic: 'Sum', period: PERIOD, label: `${name} runs` })),
          [...props.jobs.entries()].map(([name, fn]) => fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: `${name} errors` })),
        ),
        graph('Jobs dead-letter queue (messages)', [
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: 'dead-lettered' }),
        ]),
      ],
      ...(props.eventJobs && props.eventJobs.size > 0
        ? [[
            graph(
              'Event-driven jobs: invocations and errors',
              [...props.eventJobs.entries()].map(([name, fn]) => fn.metricInvocations({ statistic: 'Sum', period: PERIOD, label: `${name} runs` })),
              [...props.eventJobs.entries()].map(([name, fn]) => fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: `${name} errors` })),
            ),
          ]]
        : []),
      [
        graph(
          'Business events',
          BUSINESS_METRICS.filter((metric) => metric.unit === 'Count').map((metric) => businessMetric(metric.name, metric.label)),
          [
            new MathExpression({
              expression: 'SUM(SEARCH(\'{CRM,Currency,service} MetricName="OrderValuePlaced"\', \'Sum\', 300))',
              label: 'order value placed (minor units, all currencies)',
              period: PERIOD,
            }),
          ],
        ),
        graph('Webhook deliveries by outcome', [
          businessMetric('WebhookDeliveries', 'delivered', { Outcome: 'delivered' }, WEBHOOK_METRICS_SERVICE),
          businessMetric('WebhookDeliveries', 'failed attempt', { Outcome: 'failed' }, WEBHOOK_METRICS_SERVICE),
          businessMetric('WebhookDeliveries', 'dead-lettered', { Outcome: 'dead-lettered' }, WEBHOOK_METRICS_SERVICE),
        ]),
      ],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${props.namePrefix}-operations`, widgets });
  }
}
