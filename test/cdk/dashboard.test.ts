import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_4XX_SPIKE_PERCENT, API_P99_LATENCY_MS } from '#lib/constructs/alarms';
import { BUSINESS_METRICS_SERVICE, businessDataPointsOf, WEBHOOK_METRICS_SERVICE, webhookOutcomePoints } from '#shared/events/business-metrics';
import { emfPublisher } from '#shared/events/emf-metrics';
import { buildTestApp } from './crm-test-app';

/**
 * The operations dashboard (lib/constructs/dashboard.ts) holds the widgets issue 22 names, and every one of them
 * points at something that exists: AWS metrics of the app's own resources (resolved through Ref, GetAtt and
 * cross-stack imports, whichever stack the dashboard lives in), access-log fields the stage really logs, and the
 * business metrics exactly as the code emits them (namespace, name, dimensions: captured from shared/events/emf-metrics.ts).
 * The alarms on p99 latency and 4xx spikes point at each HTTP API's metrics (the staff API's and the portal's).
 */

type Json = any;
interface StackTemplate {
  readonly name: string;
  readonly template: Template;
  readonly json: Json;
}
/** A CloudWatch dashboard metric line: `[namespace, name, dim, value, …, options?]` or `[{ expression, … }]`. */
interface DashboardMetric {
  readonly namespace?: string;
  readonly name?: string;
  readonly dimensions: Record<string, unknown>;
  readonly options: Record<string, Json>;
  readonly expression?: string;
  readonly widget: string;
}

// Prepare (shared): every stack of the app, wherever the stacks helper put the dashboard and the functions.
const { app } = buildTestApp();
const stacks: StackTemplate[] = app.node.children.filter(Stack.isStack).map((stack) => {
  const template = Template.fromStack(stack);
  return { name: stack.stackName, template, json: template.toJSON() };
});
const resources = (type: string) =>
  stacks.flatMap((stack) => Object.entries((stack.json.Resources ?? {}) as Record<string, Json>).filter(([, r]) => r.Type === type).map(([id, r]) => ({ stack, id, resource: r })));

/** What a value in `stack` stands for: `ref:<stack>/<logicalId>` or `name:<literal>`, through cross-stack imports. */
const identityOf = (stack: StackTemplate, value: Json): string => {
  if (typeof value === 'string') return `name:${value}`;
  if (value?.Ref) return `ref:${stack.name}/${value.Ref}`;
  if (value?.['Fn::GetAtt']) return `ref:${stack.name}/${value['Fn::GetAtt'][0]}`;
  // A strong cross-stack reference (CloudFormation export / import) or a weak one (Fn::GetStackOutput).
  const output = value?.['Fn::GetStackOutput'];
  if (output) {
    const source = stacks.find((candidate) => candidate.name === output.StackName);
    const published = source?.json.Outputs?.[output.OutputName];
    if (source && published) return identityOf(source, published.Value);
  }
  const imported = value?.['Fn::ImportValue'];
  if (imported) {
    for (const other of stacks) {
      for (const output of Object.values((other.json.Outputs ?? {}) as Record<string, Json>)) {
        if (JSON.stringify(output.Export?.Name) === JSON.stringify(imported)) return identityOf(other, output.Value);
      }
    }
  }
  return `unresolved:${JSON.stringify(value)}`;
};
/** The identities a resource is known by: its logical id, and its name when the template gives it literally. */
const identitiesOf = (entry: { stack: StackTemplate; id: string; resource: Json }, nameProperty: string): string[] => [
  `ref:${entry.stack.name}/${entry.id}`,
  ...(typeof entry.resource.Properties?.[nameProperty] === 'string' ? [`name:${entry.resource.Properties[nameProperty]}`] : []),
];

// The dashboard body: a Fn::Join of JSON text and tokens; each token becomes a placeholder resolved in its stack.
const dashboards = resources('AWS::CloudWatch::Dashboard');
const [dashboard] = dashboards;
const tokens: Json[] = [];
const bodyParts: Json[] = (() => {
  const body = dashboard?.resource.Properties.DashboardBody;
  return typeof body === 'string' ? [body] : (body?.['Fn::Join']?.[1] ?? []);
})();
const body: Json = JSON.parse(bodyParts.map((part) => (typeof part === 'string' ? part : `@@${tokens.push(part) - 1}@@`)).join('') || '{}');
const resolve = (value: unknown): string => {
  const match = typeof value === 'string' ? /^@@(\d+)@@$/.exec(value) : null;
  return match ? identityOf(dashboard!.stack, tokens[Number(match[1])]) : `name:${String(value)}`;
};
const widgets: Json[] = body.widgets ?? [];
const metrics: DashboardMetric[] = widgets
  .filter((widget) => widget.type === 'metric')
  .flatMap((widget) =>
    (widget.properties.metrics as Json[][]).map((line) => {
      if (line.length === 1 && typeof line[0] === 'object') return { dimensions: {}, options: line[0], expression: line[0].expression, widget: widget.properties.title };
      const options = typeof line.at(-1) === 'object' ? (line.at(-1) as Record<string, Json>) : {};
      const [namespace, name, ...rest] = line.filter((part) => typeof part !== 'object') as string[];
      const dimensions: Record<string, unknown> = {};
      for (let index = 0; index + 1 < rest.length; index += 2) dimensions[rest[index]!] = rest[index + 1];
      return { namespace, name, dimensions, options, widget: widget.properties.title };
    }),
  );
const metricsOf = (namespace: string, name: string) => metrics.filter((metric) => metric.namespace === namespace && metric.name === name);
const statOf = (metric: DashboardMetric) => metric.options.stat ?? widgets.find((widget) => widget.properties?.title === metric.widget)?.properties.stat;
const logQueries: Json[] = widgets.filter((widget) => widget.type === 'log').map((widget) => widget.properties);
const apis = resources('AWS::ApiGatewayV2::Api');
const staffApi = apis.find((entry) => /-api$/.test(String(entry.resource.Properties.Name)) && !/-portal-api$/.test(String(entry.resource.Properties.Name)));

describe('the operations dashboard: the widgets issue 22 names, on metrics that exist', () => {
  it('is one dashboard, whose every metric names a namespace and metric (or is an expression)', () => {
    // Assess
    expect(dashboards).toHaveLength(1);
    expect(metrics.length).toBeGreaterThan(20);
    expect(metrics.filter((metric) => !metric.expression && !(metric.namespace && metric.name))).toEqual([]);
    // Every dimension value resolves to a literal or a resource of the app.
    const unresolved = metrics.flatMap((metric) => Object.values(metric.dimensions).map(resolve)).filter((identity) => identity.startsWith('unresolved:'));
    expect(unresolved).toEqual([]);
  });

  it('shows each HTTP API\'s latency p50 and p99, its requests, 4xx and 5xx — the staff API\'s and the portal\'s (AWS/ApiGateway, each its own ApiId)', () => {
    // Act
    const onApi = (api: (typeof apis)[number], name: string) =>
      metricsOf('AWS/ApiGateway', name).filter((metric) => identitiesOf(api, 'Name').includes(resolve(metric.dimensions['ApiId'])));

    // Assess
    expect(staffApi).toBeDefined();
    expect(apis.map((api) => String(api.resource.Properties.Name).replace(/^.*?-(portal-)?api$/, '$1api')).sort()).toEqual(['api', 'portal-api']);
    for (const api of apis) {
      const name = String(api.resource.Properties.Name);
      expect(onApi(api, 'Latency').map(statOf).sort(), name).toEqual(['p50', 'p99']);
      for (const metric of ['4xx', '5xx', 'Count']) expect(onApi(api, metric).map(statOf), `${name} ${metric}`).toEqual(['Sum']);
    }
  });

  it('shows latency p50/p99 and 4xx/5xx per route from the access logs, whose format logs every field the queries read', () => {
    // Act: the queried log groups, the stages that log into them, and their access-log formats.
    const stages = resources('AWS::ApiGatewayV2::Stage').filter((stage) => stage.resource.Properties.AccessLogSettings);
    const logGroups = resources('AWS::Logs::LogGroup');
    /** The stages whose access logs a query reads (its SOURCE clauses), by logical id. */
    const stagesQueried = (query: string) =>
      [...query.matchAll(/SOURCE '([^']+)'/g)].map(([, source]) => {
        const group = logGroups.find((entry) => identitiesOf(entry, 'LogGroupName').includes(resolve(source)));
        return group && stages.find((entry) => identityOf(entry.stack, entry.resource.Properties.AccessLogSettings.DestinationArn) === identitiesOf(group, 'LogGroupName')[0]);
      });
    const perRoute = logQueries.filter((query) => String(query.query).includes('by routeKey'));
    const latency = perRoute.find((query) => String(query.query).includes('pct(responseLatency, 99)'));
    const errors = perRoute.find((query) => /filter status like \/\^\[45\]\//.test(String(query.query)));

    // Assess
    expect(latency?.query).toContain('pct(responseLatency, 50)');
    expect(errors).toBeDefined();
    for (const query of [latency, errors]) {
      // Every stage that logs access (the staff API's and the portal's) is read, and each logs the fields queried.
      const read = stagesQueried(String(query.query));
      expect(read.map((stage) => stage?.id).sort(), String(query.query)).toEqual(stages.map((stage) => stage.id).sort());
      for (const stage of read) {
        expect(JSON.parse(stage!.resource.Properties.AccessLogSettings.Format), stage!.id).toMatchObject({ routeKey: '$context.routeKey', status: '$context.status', responseLatency: '$context.responseLatency' });
      }
    }
    expect(stages).toHaveLength(2);
  });

  it('shows every function\'s duration p99, errors and throttles', () => {
    // Act
    const functions = resources('AWS::Lambda::Function');
    const shownFor = (name: string, stat: string) =>
      functions.filter((fn) => metricsOf('AWS/Lambda', name).some((metric) => statOf(metric) === stat && identitiesOf(fn, 'FunctionName').includes(resolve(metric.dimensions['FunctionName']))));

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(10);
    for (const [name, stat] of [['Duration', 'p99'], ['Errors', 'Sum'], ['Throttles', 'Sum']] as const) {
      expect(shownFor(name, stat).map((fn) => fn.id), name).toEqual(functions.map((fn) => fn.id));
    }
  });

  it('shows the table\'s consumed read and write capacity and its throttled requests', () => {
    // Act
    const tables = [...resources('AWS::DynamoDB::GlobalTable'), ...resources('AWS::DynamoDB::Table')];
    const onTable = (name: string) =>
      metricsOf('AWS/DynamoDB', name).filter((metric) => tables.some((table) => identitiesOf(table, 'TableName').includes(resolve(metric.dimensions['TableName']))));

    // Assess
    expect(tables).toHaveLength(1);
    expect(onTable('ConsumedReadCapacityUnits')).toHaveLength(1);
    expect(onTable('ConsumedWriteCapacityUnits')).toHaveLength(1);
    expect(onTable('ThrottledRequests').map((metric) => metric.dimensions['Operation'])).toEqual(expect.arrayContaining(['GetItem', 'Query', 'TransactWriteItems']));
  });

  it('shows each scheduled job\'s runs and errors, and the jobs\' dead-letter queue', () => {
    // Act: the functions the schedules invoke.
    const scheduled = resources('AWS::Scheduler::Schedule').map((schedule) => identityOf(schedule.stack, schedule.resource.Properties.Target.Arn));
    const shown = (name: string) => metricsOf('AWS/Lambda', name).filter((metric) => metric.widget.startsWith('Scheduled jobs')).map((metric) => resolve(metric.dimensions['FunctionName']));
    const queues = resources('AWS::SQS::Queue');
    const deadLetters = metricsOf('AWS/SQS', 'ApproximateNumberOfMessagesVisible').map((metric) => resolve(metric.dimensions['QueueName']));

    // Assess
    expect(scheduled.length).toBeGreaterThanOrEqual(4);
    const jobFunctions = resources('AWS::Lambda::Function').filter((fn) => scheduled.includes(identitiesOf(fn, 'FunctionName')[0]!));
    expect(jobFunctions).toHaveLength(new Set(scheduled).size);
    for (const name of ['Invocations', 'Errors']) {
      expect(jobFunctions.filter((fn) => !identitiesOf(fn, 'FunctionName').some((identity) => shown(name).includes(identity))).map((fn) => fn.id), name).toEqual([]);
    }
    expect(deadLetters.some((identity) => queues.some((queue) => identitiesOf(queue, 'QueueName').includes(identity)))).toBe(true);
  });

  describe('business metrics and webhook failures, exactly as the code emits them', () => {
    const lines: string[] = [];
    beforeAll(() => {
      // Powertools writes EMF lines with the global console when POWERTOOLS_DEV is set (and, then, metrics not disabled).
      vi.stubEnv('POWERTOOLS_DEV', 'true');
      vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
      vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
      const events = emfPublisher(BUSINESS_METRICS_SERVICE);
      const changes = [{ field: 'total', old: null, new: { amount: 12_300, currency: 'CNY' } }];
      for (const type of ['crm.order.placed', 'crm.service.created', 'crm.service.archived', 'crm.user.locked']) {
        events.add(businessDataPointsOf({ type, data: { changes } } as never));
      }
      events.flush();
      emfPublisher(WEBHOOK_METRICS_SERVICE).add(webhookOutcomePoints({ delivered: 1, failed: 1, deadLettered: 1 }));
    });
    afterAll(() => {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    });

    /** Each emitted metric: namespace, name, and its dimensions with their values. */
    const emitted = () =>
      lines
        .map((line) => JSON.parse(line) as Json)
        .flatMap((emf) =>
          (emf._aws.CloudWatchMetrics as Json[]).flatMap((directive) =>
            (directive.Metrics as { Name: string }[]).map((metric) => ({
              namespace: directive.Namespace as string,
              name: metric.Name,
              dimensions: Object.fromEntries((directive.Dimensions[0] as string[]).map((key) => [key, emf[key]])),
            })),
          ),
        );

    it('emits what the dashboard shows, and the dashboard shows every metric emitted: same namespace, name and dimensions', () => {
      // Act
      const points = emitted();
      const shown = (point: (typeof points)[number]) =>
        metricsOf(point.namespace, point.name).some((metric) => JSON.stringify(Object.entries(metric.dimensions).sort()) === JSON.stringify(Object.entries(point.dimensions).sort())) ||
        // A per-currency value is one SEARCH over its dimension schema.
        metrics.some((metric) => metric.expression?.includes(`{${[point.namespace, ...Object.keys(point.dimensions).sort()].join(',')}} MetricName="${point.name}"`));
      const businessOnDashboard = metrics.filter((metric) => metric.namespace === 'CRM');

      // Assess
      expect(points.map((point) => point.name).sort()).toEqual(
        ['DomainEventsPublished', 'LoginsLocked', 'OrderValuePlaced', 'OrdersPlaced', 'ServicesArchived', 'ServicesOpened', 'WebhookDeliveries', 'WebhookDeliveries', 'WebhookDeliveries'].sort(),
      );
      expect(points.filter((point) => !shown(point))).toEqual([]);
      expect(
        businessOnDashboard.filter((metric) => !points.some((point) => point.name === metric.name && JSON.stringify(Object.entries(point.dimensions).sort()) === JSON.stringify(Object.entries(metric.dimensions).sort()))),
      ).toEqual([]);
    });

    it('shows webhook deliveries that failed and were dead-lettered (namespace CRM, service crm-webhooks)', () => {
      // Act
      const outcomes = metricsOf('CRM', 'WebhookDeliveries').map((metric) => metric.dimensions);

      // Assess
      expect(outcomes).toEqual(expect.arrayContaining([{ service: WEBHOOK_METRICS_SERVICE, Outcome: 'failed' }, { service: WEBHOOK_METRICS_SERVICE, Outcome: 'dead-lettered' }]));
    });
  });

  it('alarms on each HTTP API\'s p99 latency and on a 4xx spike — the staff API\'s and the portal\'s — on the metrics the dashboard shows for it', () => {
    // Act
    const alarms = resources('AWS::CloudWatch::Alarm');
    const apiOf = (alarm: (typeof alarms)[number], dimensions: Json[]) => identityOf(alarm.stack, dimensions.find((d) => d.Name === 'ApiId')?.Value);
    const spikeMetricsOf = (alarm: (typeof alarms)[number]) => ((alarm.resource.Properties.Metrics ?? []) as Json[]).filter((entry) => entry.MetricStat).map((entry) => entry.MetricStat.Metric);
    const latencyOn = (api: (typeof apis)[number]) =>
      alarms.filter((alarm) => alarm.resource.Properties.MetricName === 'Latency' && alarm.resource.Properties.Namespace === 'AWS/ApiGateway' && identitiesOf(api, 'Name').includes(apiOf(alarm, alarm.resource.Properties.Dimensions)));
    const spikeOn = (api: (typeof apis)[number]) =>
      alarms.filter((alarm) => String(alarm.resource.Properties.AlarmName).endsWith('-api-4xx-spike') && spikeMetricsOf(alarm).length > 0 && spikeMetricsOf(alarm).every((metric) => identitiesOf(api, 'Name').includes(apiOf(alarm, metric.Dimensions))));

    // Assess
    expect(apis).toHaveLength(2);
    for (const api of apis) {
      const name = String(api.resource.Properties.Name);
      expect(metricsOf('AWS/ApiGateway', 'Latency').some((metric) => identitiesOf(api, 'Name').includes(resolve(metric.dimensions['ApiId']))), name).toBe(true);
      const [latency, ...moreLatency] = latencyOn(api);
      expect(moreLatency, name).toEqual([]);
      expect(latency?.resource.Properties, name).toMatchObject({ ExtendedStatistic: 'p99', Threshold: API_P99_LATENCY_MS });
      const [spike, ...moreSpikes] = spikeOn(api);
      expect(moreSpikes, name).toEqual([]);
      expect(spike?.resource.Properties.Threshold, name).toBe(API_4XX_SPIKE_PERCENT);
      expect(spikeMetricsOf(spike!).map((metric) => `${metric.Namespace}/${metric.MetricName}`).sort(), name).toEqual(['AWS/ApiGateway/4xx', 'AWS/ApiGateway/Count']);
    }
  });

  it('shows each event-driven job\'s runs and errors (every function neither a route nor a schedule serves: import, export, attachment check, domain events, webhook dispatch)', () => {
    // Act: the functions behind the APIs' integrations and the schedules; every other function is a job started by an event.
    // An integration's URI is the function's ARN: a GetAtt in its own stack, or an ARN joined around the name another stack outputs.
    const functionOfUri = (stack: StackTemplate, uri: Json): string =>
      (uri?.['Fn::Join'] ? (uri['Fn::Join'][1] as Json[]) : [uri])
        .filter((part) => typeof part === 'object')
        .map((part) => identityOf(stack, part))
        .find((identity) => !identity.startsWith('unresolved:') && !identity.includes('/AWS::')) ?? `unresolved:${JSON.stringify(uri)}`;
    const integrated = resources('AWS::ApiGatewayV2::Integration').map((integration) => functionOfUri(integration.stack, integration.resource.Properties.IntegrationUri));
    const scheduled = resources('AWS::Scheduler::Schedule').map((schedule) => identityOf(schedule.stack, schedule.resource.Properties.Target.Arn));
    const eventDriven = resources('AWS::Lambda::Function').filter((fn) => !identitiesOf(fn, 'FunctionName').some((identity) => integrated.includes(identity) || scheduled.includes(identity)));
    const shown = (name: string) => metricsOf('AWS/Lambda', name).filter((metric) => metric.widget.startsWith('Event-driven jobs')).map((metric) => resolve(metric.dimensions['FunctionName']));

    // Assess
    expect(integrated.filter((identity) => identity.startsWith('unresolved:'))).toEqual([]);
    expect(eventDriven.length).toBeGreaterThanOrEqual(5);
    for (const [name, stat] of [['Invocations', 'Sum'], ['Errors', 'Sum']] as const) {
      expect(eventDriven.filter((fn) => !identitiesOf(fn, 'FunctionName').some((identity) => shown(name).includes(identity))).map((fn) => fn.id), name).toEqual([]);
      expect(metricsOf('AWS/Lambda', name).filter((metric) => metric.widget.startsWith('Event-driven jobs')).map(statOf).every((each) => each === stat), name).toBe(true);
    }
  });
});
