import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readAppConfig } from '#lib/app-config';
import { API_4XX_SPIKE_MIN_REQUESTS, API_4XX_SPIKE_PERCENT, API_P99_LATENCY_MS } from '#lib/constructs/alarms';
import { BUSINESS_METRICS_NAMESPACE } from '#shared/events/business-metrics';
import { READ_GUARD_ALARM } from '#shared/read-guard/customer-read-guard';
import { asArray, buildTestApp, importedLogicalIds, resourcesOf } from './crm-test-app';

/** `{ Ref: 'X' }` / `{ 'Fn::GetAtt': ['X', 'Arn'] }` → 'X'. */
const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

describe('alarms: operations are told, on one topic', () => {
  // Prepare (shared)
  // The alarms, their topic and the dashboard are the operations stack's (lib/operations-stack.ts); what they watch is
  // the stateless stack's, named through its exports.
  const { operationsTemplate: template, statelessTemplate: stateless } = buildTestApp();
  /** The stateless stack's resource behind a metric dimension's value (an import of its export). */
  const watchedId = (value: unknown): string | undefined => {
    const ids = importedLogicalIds(value, stateless);
    return ids.length === 1 ? ids[0] : undefined;
  };
  const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
  // The alarm topic (the mail events' topic, lib/constructs/mail.ts, is another: test/cdk/campaign-mail.test.ts).
  const [topicId, topic] = Object.entries(resourcesOf(template, 'AWS::SNS::Topic')).find(([, candidate]) => String(candidate.Properties.TopicName).endsWith('-alarms'))!;
  const notifiesTopic = (alarm: (typeof alarms)[number]) => asArray(alarm.Properties.AlarmActions ?? []).map(logicalIdOf).includes(topicId);
  const alarmOn = (metricName: string, dimension: (dimensions: Array<{ Name: string; Value: unknown }>) => boolean) =>
    alarms.filter((alarm) => alarm.Properties.MetricName === metricName && dimension(alarm.Properties.Dimensions ?? []));

  it('alarms on every function\'s errors and throttles (API functions and scheduled jobs alike)', () => {
    // Act
    const functionIds = Object.keys(resourcesOf(stateless, 'AWS::Lambda::Function'));
    const watched = (metricName: string) =>
      functionIds.filter(
        (id) => alarmOn(metricName, (dimensions) => dimensions.some((d) => d.Name === 'FunctionName' && watchedId(d.Value) === id)).length === 1,
      );

    // Assess
    expect(functionIds.length).toBeGreaterThanOrEqual(10);
    expect(watched('Errors')).toEqual(functionIds);
    expect(watched('Throttles')).toEqual(functionIds);
  });

  it('alarms on each API\'s server errors (the staff API\'s and the portal\'s) and on any dead-lettered job run', () => {
    // Act
    const apiIds = Object.keys(resourcesOf(stateless, 'AWS::ApiGatewayV2::Api'));
    const [dlqId] = Object.keys(resourcesOf(stateless, 'AWS::SQS::Queue'));
    const api5xx = apiIds.map((apiId) => alarmOn('5xx', (dimensions) => dimensions.some((d) => d.Name === 'ApiId' && watchedId(d.Value) === apiId)));
    const deadLetters = alarmOn('ApproximateNumberOfMessagesVisible', (dimensions) => dimensions.some((d) => d.Name === 'QueueName' && watchedId(d.Value) === dlqId));

    // Assess
    expect(apiIds).toHaveLength(2);
    expect(api5xx.map((onApi) => onApi.map((alarm) => alarm.Properties.Threshold))).toEqual([[5], [5]]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.Properties.Threshold).toBe(1);
  });

  it('alarms on the table\'s throttled requests and DynamoDB system errors, summed over the operations we send', () => {
    // Act
    const mathAlarms = alarms.filter((alarm) => alarm.Properties.Metrics !== undefined);
    const metricsOf = (alarm: (typeof alarms)[number]) =>
      (alarm.Properties.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string; Dimensions: Array<{ Name: string; Value: unknown }> } } }>)
        .flatMap((entry) => (entry.MetricStat ? [entry.MetricStat.Metric] : []));
    const onTable = (metricName: string) =>
      mathAlarms.filter((alarm) => metricsOf(alarm).length > 0 && metricsOf(alarm).every((metric) => metric.MetricName === metricName));

    // Assess
    const [throttles] = onTable('ThrottledRequests');
    const [systemErrors] = onTable('SystemErrors');
    expect(throttles?.Properties.Threshold).toBe(10);
    expect(systemErrors?.Properties.Threshold).toBe(1);
    for (const alarm of [throttles!, systemErrors!]) {
      expect(metricsOf(alarm).length).toBeLessThanOrEqual(10);
      expect(metricsOf(alarm).map((metric) => metric.Dimensions.find((d) => d.Name === 'Operation')?.Value)).toContain('TransactWriteItems');
    }
  });

  it('alarms on each API\'s p99 latency for 15 minutes and on its 4xx spikes (a share of the answers, with a minimum of requests): the staff API\'s and the portal\'s', () => {
    // Act
    type SpikeMetric = { Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: Array<{ Name: string; Value: unknown }> } } };
    const apiIds = Object.keys(resourcesOf(stateless, 'AWS::ApiGatewayV2::Api'));
    const onApi = (apiId: string) => (dimensions: Array<{ Name: string; Value: unknown }>) => dimensions.some((d) => d.Name === 'ApiId' && watchedId(d.Value) === apiId);
    const spikeMetricsOf = (alarm: (typeof alarms)[number]) => (alarm.Properties.Metrics ?? []) as SpikeMetric[];
    const spikes = alarms.filter((alarm) => (alarm.Properties.AlarmName as string).endsWith('-api-4xx-spike'));

    // Assess
    expect(apiIds).toHaveLength(2);
    expect(spikes).toHaveLength(2);
    for (const apiId of apiIds) {
      const latency = alarmOn('Latency', onApi(apiId));
      expect(latency, apiId).toHaveLength(1);
      expect(latency[0]!.Properties).toMatchObject({ ExtendedStatistic: 'p99', Threshold: API_P99_LATENCY_MS, EvaluationPeriods: 3, Period: 300 });
      const spike = spikes.filter((alarm) => spikeMetricsOf(alarm).filter((metric) => metric.MetricStat).every((metric) => onApi(apiId)(metric.MetricStat!.Metric.Dimensions)));
      expect(spike, apiId).toHaveLength(1);
      expect(spike[0]!.Properties.Threshold).toBe(API_4XX_SPIKE_PERCENT);
      expect(spikeMetricsOf(spike[0]!).map((metric) => metric.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['4xx', 'Count']);
      expect(spikeMetricsOf(spike[0]!).find((metric) => metric.Expression)?.Expression).toContain(`requests >= ${API_4XX_SPIKE_MIN_REQUESTS}`);
    }
  });

  it('has one operations dashboard: API latency and errors, per route from the access logs, every function, the table, jobs, business metrics', () => {
    // Act
    const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody ?? '');
    const functionCount = Object.keys(resourcesOf(stateless, 'AWS::Lambda::Function')).length;

    // Assess
    expect(dashboards).toHaveLength(1);
    for (const expected of ['p50', 'p99', '4xx', '5xx', 'routeKey', 'responseLatency', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ThrottledRequests', 'Throttles', 'ApproximateNumberOfMessagesVisible', 'OrdersPlaced', 'OrderValuePlaced', 'ServicesOpened', 'ServicesArchived', 'LoginsLocked', 'WebhookDeliveries', 'initDurationMs', BUSINESS_METRICS_NAMESPACE]) {
      expect(body, expected).toContain(expected);
    }
    // Every function's duration is on it.
    expect(body.match(/\\"Duration\\"/g)?.length).toBe(functionCount);
  });

  it('sends every alarm, the read guard\'s included, to the topic, and none alarms on missing data', () => {
    // Assess
    expect(alarms.map((alarm) => alarm.Properties.MetricName)).toContain(READ_GUARD_ALARM);
    expect(alarms.filter((alarm) => !notifiesTopic(alarm)).map((alarm) => alarm.Properties.AlarmName)).toEqual([]);
    expect(alarms.filter((alarm) => alarm.Properties.TreatMissingData !== 'notBreaching')).toEqual([]);
  });

  it('encrypts the topic with a key CloudWatch may use, and refuses publishing without TLS', () => {
    // Act
    const keys = resourcesOf(template, 'AWS::KMS::Key');
    const keyId = logicalIdOf(topic.Properties.KmsMasterKeyId);
    const keyStatements = keys[keyId!]!.Properties.KeyPolicy.Statement as Array<{ Principal?: { Service?: string }; Action: string | string[] }>;
    const topicPolicy = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy')).find((policy) =>
      asArray(policy.Properties.Topics).map(logicalIdOf).includes(topicId),
    );

    // Assess
    expect(keys[keyId!]!.Properties.EnableKeyRotation).toBe(true);
    const forCloudWatch = keyStatements.filter((statement) => statement.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch.flatMap((statement) => asArray(statement.Action)).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(topicPolicy?.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });

  it('subscribes the e-mail given as context, and nobody without it', () => {
    // Act
    const withEmail = buildTestApp({ alarmEmail: 'oncall@example.com' }).operationsTemplate;

    // Assess
    const onAlarmTopic = (resources: ReturnType<typeof resourcesOf>) => Object.values(resources).filter((s) => logicalIdOf(s.Properties.TopicArn) === topicId);
    expect(onAlarmTopic(resourcesOf(template, 'AWS::SNS::Subscription'))).toEqual([]);
    expect(onAlarmTopic(resourcesOf(withEmail, 'AWS::SNS::Subscription')).map((s) => [s.Properties.Protocol, s.Properties.Endpoint])).toEqual([
      ['email', 'oncall@example.com'],
    ]);
    expect(() => readAppConfig(new App({ context: { alarmEmail: 'not-an-address' } }))).toThrow(/alarmEmail/);
  });
});
