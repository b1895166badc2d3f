import { describe, expect, it } from 'vitest';
import { FUNCTION_ACCESS } from '#lib/function-access';
import { CRM_METRIC_NAMESPACE } from '#lib/constructs/read-guard-alarm';
import { READ_GUARD_ALARM } from '#shared/read-guard/customer-read-guard';
import { FEATURE_FUNCTIONS } from '#shared/routes';
import { buildTestApp, resourcesOf } from './crm-test-app';

/** `{ Ref: 'X' }` / `{ 'Fn::GetAtt': ['X', 'Arn'] }` → 'X'. */
const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

describe('the data-exfiltration guard in the stack', () => {
  // Prepare (shared)
  // The metric filters sit beside the log groups (stateless stack); the alarm with the others (operations stack).
  const { statelessTemplate: template, operationsTemplate } = buildTestApp();
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const customersFunction = Object.values(functions).find(
    (fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'crm-customers',
  );
  const adminFunction = Object.values(functions).find((fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'crm-admin');

  it('turns the alarm log line of the customers and admin functions (audit routes) into one metric', () => {
    // Act
    const filters = Object.values(resourcesOf(template, 'AWS::Logs::MetricFilter'));

    // Assess: on each counting function's own log group, matching the stable alarm key, into the same metric
    expect(filters).toHaveLength(2);
    expect(filters.map((filter) => logicalIdOf(filter.Properties.LogGroupName)).sort()).toEqual(
      [customersFunction, adminFunction].map((fn) => logicalIdOf(fn?.Properties.LoggingConfig.LogGroup)).sort(),
    );
    for (const filter of filters) {
      expect(filter.Properties.FilterPattern).toBe(`{ $.alarm = "${READ_GUARD_ALARM}" }`);
      expect(filter.Properties.MetricTransformations).toEqual([
        { MetricNamespace: CRM_METRIC_NAMESPACE, MetricName: READ_GUARD_ALARM, MetricValue: '1' },
      ]);
    }
  });

  it('alarms on the first trip, and stays quiet while nothing is logged', () => {
    // Act
    const alarms = Object.values(resourcesOf(operationsTemplate, 'AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.MetricName === READ_GUARD_ALARM,
    );

    // Assess
    expect(alarms).toHaveLength(1);
    expect(resourcesOf(template, 'AWS::CloudWatch::Alarm')).toEqual({});
    expect(alarms[0]?.Properties).toMatchObject({
      Namespace: CRM_METRIC_NAMESPACE,
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('lets only the customers function (the guard) and the admin function (disabling a user) disable users and sign them out', () => {
    // Act
    const allowedTo = (action: string) => FEATURE_FUNCTIONS.filter((name) => FUNCTION_ACCESS[name].userPoolActions.includes(action as never));

    // Assess (the stateless-stack test proves each function's policy holds exactly FUNCTION_ACCESS)
    expect(allowedTo('cognito-idp:AdminDisableUser').sort()).toEqual(['admin', 'customers']);
    expect(allowedTo('cognito-idp:AdminUserGlobalSignOut').sort()).toEqual(['admin', 'customers']);
  });
});
